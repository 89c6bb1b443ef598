package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitState;
import dev.circuit.spring.json.Json;
import org.jspecify.annotations.Nullable;

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
 * once a second (the time, then its breakers' states and since when, as JSON) and reads the hash back: a
 * constant number of commands a second per instance however many breakers there are. Entries older than
 * {@link #TTL} are of instances that died; they drop out of the view and the reader removes them. The time
 * leads the entry, so that judging an entry's age parses nothing; the JSON is read only when someone
 * looks at the view.
 */
final class FleetView {

    /** How long an entry counts without being refreshed. */
    static final Duration TTL = Duration.ofSeconds(3);

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
    /** The live entries of the last read, by instance, as written: JSON after the time. */
    private volatile Map<String, String> live = Map.of();
    private volatile Map<String, List<Entry>> parsed;

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
        String json = clock.millis() + " " + Json.write(states);
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

    private void read(Map<String, String> entries) {
        long oldest = clock.millis() - TTL.toMillis();
        Map<String, String> fresh = new LinkedHashMap<>();
        List<String> dead = new ArrayList<>();
        entries.forEach((id, entry) -> {
            int space = entry.indexOf(' ');
            long at;
            try {
                at = Long.parseLong(entry.substring(0, Math.max(0, space)));
            } catch (NumberFormatException malformed) {
                at = Long.MIN_VALUE;
            }
            if (at < oldest) {
                dead.add(id);
            } else {
                fresh.put(id, entry.substring(space + 1));
            }
        });
        live = fresh;
        parsed = null;
        if (!dead.isEmpty()) {
            link.send(transport -> transport.removeEntries(hash, dead));
        }
    }

    /** The live entries by breaker, parsed once per read, when first asked for. */
    @SuppressWarnings("unchecked")
    private Map<String, List<Entry>> byBreaker() {
        Map<String, List<Entry>> view = parsed;
        if (view != null) {
            return view;
        }
        view = new LinkedHashMap<>();
        for (Map.Entry<String, String> each : live.entrySet()) {
            try {
                for (Map.Entry<String, @Nullable Object> state : Json.parseObject(each.getValue()).entrySet()) {
                    Map<String, Object> fields = (Map<String, Object>) state.getValue();
                    view.computeIfAbsent(state.getKey(), n -> new ArrayList<>()).add(new Entry(each.getKey(),
                        CircuitState.valueOf(String.valueOf(fields.get("state"))), Instant.parse(String.valueOf(fields.get("since")))));
                }
            } catch (RuntimeException malformed) {
                // an entry written by something else: not part of the view
            }
        }
        view.values().forEach(list -> list.sort(Comparator.comparing(Entry::instance)));
        parsed = view;
        return view;
    }

    /** @return live instances in the last read */
    int instances() {
        return live.size();
    }

    /**
     * @param breaker a breaker
     * @return its state on every live instance, by instance id
     */
    List<Map<String, Object>> of(String breaker) {
        return byBreaker().getOrDefault(breaker, List.of()).stream().map(entry -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("instance", entry.instance());
            shown.put("state", entry.state().name());
            shown.put("since", entry.since().toString());
            return shown;
        }).toList();
    }

    /** @return per breaker: on how many instances, open on how many */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        byBreaker().forEach((name, entries) -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("instances", entries.size());
            counts.put("open", entries.stream().filter(entry -> entry.state().isOpen()).count());
            summary.put(name, counts);
        });
        return summary;
    }
}
