package dev.circuit.spring.cluster;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet's trip quorum: a breaker opens everywhere once {@code quorum} instances tripped it within their
 * open periods, until the latest of those periods ends.
 */
final class TripQuorum {

    private final int quorum;
    private final InstantSource clock;
    private final Map<String, Map<String, Instant>> trips = new ConcurrentHashMap<>();

    /**
     * @param quorum instances that must trip a breaker
     * @param clock  the clock that ages trips
     */
    TripQuorum(int quorum, InstantSource clock) {
        this.quorum = quorum;
        this.clock = clock;
    }

    /** @return the quorum */
    int quorum() {
        return quorum;
    }

    /**
     * Counts a trip.
     *
     * @param breaker  the breaker
     * @param instance who tripped it
     * @param until    when its open period ends
     * @return when the fleet's open period ends once the quorum is reached, or null while it is not
     */
    @Nullable Instant trip(String breaker, String instance, Instant until) {
        Map<String, Instant> byInstance = trips.computeIfAbsent(breaker, name -> new ConcurrentHashMap<>());
        byInstance.put(instance, until);
        Instant now = clock.instant();
        byInstance.values().removeIf(expiry -> !expiry.isAfter(now));
        if (byInstance.size() < quorum) {
            return null;
        }
        return byInstance.values().stream().max(Instant::compareTo).orElse(until);
    }

    /** @return the instances whose trips of the breaker count now */
    Set<String> trippedBy(String breaker) {
        return new TreeSet<>(trips.getOrDefault(breaker, Map.of()).keySet());
    }

    /** Forgets a breaker's trips: it closed. */
    void clear(String breaker) {
        trips.remove(breaker);
    }
}
