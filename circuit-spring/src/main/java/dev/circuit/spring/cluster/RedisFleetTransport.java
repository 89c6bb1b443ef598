package dev.circuit.spring.cluster;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** The fleet's Redis: the application's connection factory ({@code spring.data.redis.*}, Sentinel included). */
public final class RedisFleetTransport implements FleetTransport {

    private static final RedisScript<Long> DELETE_IF_EQUAL = RedisScript.of(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", Long.class);

    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(FleetLink.daemon("circuit-fleet-listener"));

    /** @param connections the application's Redis connections */
    public RedisFleetTransport(RedisConnectionFactory connections) {
        this.redis = new StringRedisTemplate(connections);
        container.setConnectionFactory(connections);
        container.setRecoveryInterval(500);
        // one thread delivers the messages, in the order Redis sent them (and without a thread per message)
        container.setTaskExecutor(delivery);
    }

    @Override
    public void subscribe(String channel, Consumer<String> listener) {
        container.addMessageListener((message, pattern) -> listener.accept(new String(message.getBody(), StandardCharsets.UTF_8)),
            new ChannelTopic(channel));
        container.afterPropertiesSet();
        container.start();
    }

    @Override
    public boolean subscribed() {
        return container.isRunning() && container.isListening();
    }

    @Override
    public void publish(String channel, String message) {
        redis.convertAndSend(channel, message);
    }

    @Override
    public List<@Nullable String> getAll(List<String> keys) {
        return keys.isEmpty() ? List.of() : redis.opsForValue().multiGet(keys);
    }

    @Override
    public void set(String key, String value, @Nullable Duration ttl) {
        if (ttl == null) {
            redis.opsForValue().set(key, value);
        } else {
            redis.opsForValue().set(key, value, ttl);
        }
    }

    @Override
    public boolean setIfAbsent(String key, String value, Duration ttl) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, value, ttl));
    }

    @Override
    public void delete(String key) {
        redis.delete(key);
    }

    @Override
    public void deleteIfEqual(String key, String value) {
        redis.execute(DELETE_IF_EQUAL, List.of(key), value);
    }

    @Override
    public void putEntry(String hash, String field, String value, Duration ttl) {
        redis.executePipelined((RedisCallback<Object>) connection -> {
            byte[] key = hash.getBytes(StandardCharsets.UTF_8);
            connection.hashCommands().hSet(key, field.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
            connection.keyCommands().pExpire(key, ttl.toMillis());
            return null;
        });
    }

    @Override
    public Map<String, String> entries(String hash) {
        Map<String, String> entries = new LinkedHashMap<>();
        redis.<String, String>opsForHash().entries(hash).forEach(entries::put);
        return entries;
    }

    @Override
    public void removeEntries(String hash, Collection<String> fields) {
        if (!fields.isEmpty()) {
            redis.opsForHash().delete(hash, fields.toArray());
        }
    }

    @Override
    public boolean ping() {
        return "PONG".equalsIgnoreCase(redis.execute((RedisCallback<String>) RedisConnection::ping));
    }

    @Override
    public void close() {
        container.stop();
        try {
            container.destroy();
        } catch (Exception e) {
            // stopping anyway
        }
        delivery.shutdownNow();
    }
}
