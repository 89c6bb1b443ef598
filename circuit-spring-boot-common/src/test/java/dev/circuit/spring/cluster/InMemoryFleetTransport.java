package dev.circuit.spring.cluster;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Redis in memory for fleet tests: one {@link Server} shared by the instances, each with a transport of its
 * own. The server can go down (every operation throws) and counts commands.
 */
class InMemoryFleetTransport implements FleetTransport {

    /** The shared server: keys with expiry, hashes, channels. */
    static final class Server {
        private record Value(String text, @Nullable Instant expires) {
        }

        private final InstantSource clock;
        private final Map<String, Value> keys = new ConcurrentHashMap<>();
        private final Map<String, Map<String, String>> hashes = new ConcurrentHashMap<>();
        private final Map<String, List<Consumer<String>>> channels = new ConcurrentHashMap<>();
        private final AtomicBoolean down = new AtomicBoolean();
        final AtomicLong commands = new AtomicLong();
        final List<String> published = new CopyOnWriteArrayList<>();

        Server(InstantSource clock) {
            this.clock = clock;
        }

        void down(boolean isDown) {
            down.set(isDown);
        }

        /** The keys and their values now, as a test may put them back later (a write that lands late). */
        Map<String, String> snapshotOfKeys() {
            Map<String, String> copy = new java.util.HashMap<>();
            keys.forEach((key, value) -> copy.put(key, value.text()));
            return copy;
        }

        /** Puts a key back as it was, without expiry. */
        void restore(String key, String text) {
            keys.put(key, new Value(text, null));
        }

        private void command() {
            if (down.get()) {
                throw new IllegalStateException("Redis is down");
            }
            commands.incrementAndGet();
        }

        private @Nullable String get(String key) {
            Value value = keys.get(key);
            if (value != null && value.expires() != null && !value.expires().isAfter(clock.instant())) {
                keys.remove(key, value);
                return null;
            }
            return value == null ? null : value.text();
        }

        /** Sends a message as any client could, bypassing every instance's codec. */
        void publish(String channel, String message) {
            command();
            channels.getOrDefault(channel, List.of()).forEach(listener -> listener.accept(message));
            published.add(message);
        }
    }

    private final Server server;
    private final List<Runnable> unsubscribe = new ArrayList<>();

    InMemoryFleetTransport(Server server) {
        this.server = server;
    }

    @Override
    public void subscribe(String channel, Consumer<String> listener) {
        server.channels.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(listener);
        unsubscribe.add(() -> server.channels.get(channel).remove(listener));
    }

    @Override
    public boolean subscribed() {
        return !server.down.get();
    }

    @Override
    public void publish(String channel, String message) {
        server.publish(channel, message);
    }

    @Override
    public List<@Nullable String> getAll(List<String> keys) {
        server.command();
        List<@Nullable String> values = new ArrayList<>();
        keys.forEach(key -> values.add(server.get(key)));
        return values;
    }

    @Override
    public void set(String key, String value, @Nullable Duration ttl) {
        server.command();
        server.keys.put(key, new Server.Value(value, ttl == null ? null : server.clock.instant().plus(ttl)));
    }

    @Override
    public boolean setIfAbsent(String key, String value, Duration ttl) {
        server.command();
        synchronized (server) {
            if (server.get(key) != null) {
                return false;
            }
            server.keys.put(key, new Server.Value(value, server.clock.instant().plus(ttl)));
            return true;
        }
    }

    @Override
    public void delete(String key) {
        server.command();
        server.keys.remove(key);
    }

    @Override
    public void deleteIfEqual(String key, String value) {
        server.command();
        synchronized (server) {
            if (value.equals(server.get(key))) {
                server.keys.remove(key);
            }
        }
    }

    @Override
    public void putEntry(String hash, String field, String value, Duration ttl) {
        server.command();
        server.hashes.computeIfAbsent(hash, name -> new ConcurrentHashMap<>()).put(field, value);
    }

    @Override
    public Map<String, String> entries(String hash) {
        server.command();
        return Map.copyOf(server.hashes.getOrDefault(hash, Map.of()));
    }

    @Override
    public void removeEntries(String hash, Collection<String> fields) {
        server.command();
        server.hashes.getOrDefault(hash, new ConcurrentHashMap<>()).keySet().removeAll(fields);
    }

    @Override
    public boolean ping() {
        server.command();
        return true;
    }

    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
    }
}
