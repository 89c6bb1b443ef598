package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitState;
import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.json.JsonWriter;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which instances hold which breaker in which state. Each instance writes one entry of the namespace's hash
 * once a second (its id, the time, and every shared breaker's state and since when) and reads the hash
 * back: two commands a second per instance however many breakers there are. Entries older than
 * {@link #TTL} are of instances that died; they drop out of the view and the reader removes them.
 */
final class FleetView {

    /** How long an entry counts without being refreshed. */
    static final Duration TTL = Duration.ofSeconds(3);
    private static final JsonWriter<Map<String, Object>> JSON = JsonWriter.standard();

    /**
     * One breaker on one instance.
     *
     * @param instance the instance
     * @param state    the breaker's state there
     * @param since    since when
     */
    record Entry(String instance, CircuitState state, Instant since) {
    }

    private final String instance;
    private final String hash;
    private final FleetLink link;
    private final InstantSource clock;
    private final JsonParser parser = JsonParserFactory.getJsonParser();
    private volatile Map<String, List<Entry>> byBreaker = Map.of();
    private volatile int instances;

    FleetView(String instance, String namespace, FleetLink link, InstantSource clock) {
        this.instance = instance;
        this.hash = "circuit:" + namespace + ":instances";
        this.link = link;
        this.clock = clock;
    }

    /**
     * Writes this instance's entry and reads everyone's; on the fleet's monitor thread.
     *
     * @param breakers this instance's shared breakers: state and since when
     */
    void refresh(Map<String, Entry> breakers) {
        Map<String, Object> states = new LinkedHashMap<>();
        breakers.forEach((name, entry) -> states.put(name, Map.of("state", entry.state().name(), "since", entry.since().toString())));
        Map<String, Object> mine = new LinkedHashMap<>();
        mine.put("instance", instance);
        mine.put("at", clock.instant().toString());
        mine.put("breakers", states);
        String json = JSON.writeToString(mine);
        try {
            link.call(transport -> {
                transport.putEntry(hash, instance, json, TTL.multipliedBy(3));
                return null;
            });
            read(link.call(transport -> transport.entries(hash)));
        } catch (FleetLink.Unavailable e) {
            // the view keeps what it last read; the link shows that it is stale
        }
    }

    @SuppressWarnings("unchecked")
    private void read(Map<String, String> entries) {
        Instant oldest = clock.instant().minus(TTL);
        Map<String, List<Entry>> view = new LinkedHashMap<>();
        List<String> dead = new ArrayList<>();
        int live = 0;
        for (Map.Entry<String, String> each : entries.entrySet()) {
            try {
                Map<String, Object> entry = parser.parseMap(each.getValue());
                if (Instant.parse(String.valueOf(entry.get("at"))).isBefore(oldest)) {
                    dead.add(each.getKey());
                    continue;
                }
                live++;
                ((Map<String, Object>) entry.get("breakers")).forEach((name, state) -> {
                    Map<String, Object> fields = (Map<String, Object>) state;
                    view.computeIfAbsent(name, n -> new ArrayList<>()).add(new Entry(each.getKey(),
                        CircuitState.valueOf(String.valueOf(fields.get("state"))), Instant.parse(String.valueOf(fields.get("since")))));
                });
            } catch (RuntimeException malformed) {
                dead.add(each.getKey());
            }
        }
        view.values().forEach(list -> list.sort(Comparator.comparing(Entry::instance)));
        byBreaker = view;
        instances = live;
        if (!dead.isEmpty()) {
            link.send(transport -> transport.removeEntries(hash, dead));
        }
    }

    /** @return live instances in the last read */
    int instances() {
        return instances;
    }

    /**
     * @param breaker a breaker
     * @return its state on every live instance, by instance id
     */
    List<Map<String, Object>> of(String breaker) {
        return byBreaker.getOrDefault(breaker, List.of()).stream()
            .map(entry -> Map.<String, Object>of("instance", entry.instance(), "state", entry.state().name(),
                "since", entry.since().toString()))
            .toList();
    }

    /** @return per breaker: on how many instances, open on how many */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        byBreaker.forEach((name, entries) -> summary.put(name, Map.of("instances", entries.size(),
            "open", entries.stream().filter(entry -> entry.state().isOpen()).count())));
        return summary;
    }
}
