package dev.circuit.sample.orders;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idempotency keys whose order this instance is storing right now, and those whose last attempt ended
 * with its commit's outcome unknown. With them an answer about a key can be kept honest while the database
 * cannot be asked: a second attempt while the first runs is refused before it starts, and an attempt that
 * fails after an unknown commit with the same key cannot say that nothing was stored, since that commit may
 * still take effect (a database that was frozen applies it when it resumes).
 *
 * <p>A key leaves when an attempt with it gets the database's answer (stored, replayed, or used for another
 * order). A key whose outcome stays unknown, because no client retried it, is forgotten after the keys' time
 * to live, as the database forgets the key itself. Only this instance's attempts are known here.
 */
final class KeysInFlight {

    /** How an attempt with a key ended. */
    enum Ending {
        /** The database answered: the key's order is stored, or the key was refused. */
        SETTLED,
        /** It failed before its commit: this attempt stored nothing. */
        FAILED,
        /** Its commit failed: its order may or may not be stored. */
        OUTCOME_UNKNOWN
    }

    /**
     * A key's state.
     *
     * @param running        whether an attempt with it runs now
     * @param unknownSince   when an attempt with it ended with its outcome unknown, if one did since the database
     *                       last answered about it
     */
    private record State(boolean running, @Nullable Instant unknownSince) {
    }

    private final Map<String, State> keys = new ConcurrentHashMap<>();
    private final Duration keyTtl;
    private final InstantSource clock;

    /**
     * @param keyTtl how long a key whose outcome stays unknown is remembered
     * @param clock  the time
     */
    KeysInFlight(Duration keyTtl, InstantSource clock) {
        this.keyTtl = keyTtl;
        this.clock = clock;
    }

    /**
     * Starts an attempt with a key, unless one is running.
     *
     * @param key the key
     * @return whether an earlier attempt with this key ended with its outcome unknown
     * @throws KeyInFlightException when an attempt with this key is running already (nothing changes)
     */
    boolean start(String key) {
        State state = keys.compute(key, (k, current) -> {
            if (current == null) {
                return new State(true, null);
            }
            if (current.running()) {
                throw new KeyInFlightException(key);
            }
            return new State(true, expired(current) ? null : current.unknownSince());
        });
        return state.unknownSince() != null;
    }

    /**
     * Ends the running attempt with a key.
     *
     * @param key    the key
     * @param ending how it ended
     */
    void end(String key, Ending ending) {
        keys.computeIfPresent(key, (k, current) -> switch (ending) {
            case SETTLED -> null;
            case FAILED -> current.unknownSince() == null ? null : new State(false, current.unknownSince());
            case OUTCOME_UNKNOWN -> new State(false, clock.instant());
        });
        if (ending == Ending.OUTCOME_UNKNOWN) {
            keys.values().removeIf(state -> !state.running() && expired(state));
        }
    }

    /** @return how many keys are remembered: attempts running, and outcomes unknown */
    int size() {
        return keys.size();
    }

    private boolean expired(State state) {
        return state.unknownSince() != null && !state.unknownSince().plus(keyTtl).isAfter(clock.instant());
    }
}
