package dev.circuit.spring.cluster;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What fleet mode needs of Redis: one channel, a few keys, one hash. Every operation may block or throw;
 * {@link Fleet} never calls one on a protected call's thread and bounds each by its own timeout
 * ({@code circuit.cluster.timeout}), whatever the client's own timeout is.
 */
public interface FleetTransport extends AutoCloseable {

    /**
     * Starts delivering the channel's messages, on a thread of the transport's.
     *
     * @param channel  the channel
     * @param listener receives each message's text
     */
    void subscribe(String channel, Consumer<String> listener);

    /** @return whether the subscription is established now (false while it reconnects) */
    boolean subscribed();

    /**
     * @param channel the channel
     * @param message the text
     */
    void publish(String channel, String message);

    /**
     * @param keys keys
     * @return their values, null where a key is absent, in the same order (one command)
     */
    List<@Nullable String> getAll(List<String> keys);

    /**
     * @param key   the key
     * @param value its value
     * @param ttl   how long it lives, or null for ever
     */
    void set(String key, String value, @Nullable Duration ttl);

    /**
     * @param key   the key
     * @param value its value
     * @param ttl   how long it lives
     * @return whether the key was absent and is now set
     */
    boolean setIfAbsent(String key, String value, Duration ttl);

    /** @param key the key to remove */
    void delete(String key);

    /**
     * Removes a key only while it holds the value (a lease given up by its holder), atomically.
     *
     * @param key   the key
     * @param value the value it must hold
     */
    void deleteIfEqual(String key, String value);

    /**
     * Sets one entry of a hash and how long the whole hash lives.
     *
     * @param hash  the hash
     * @param field the entry
     * @param value its value
     * @param ttl   how long the hash lives without another write
     */
    void putEntry(String hash, String field, String value, Duration ttl);

    /**
     * @param hash the hash
     * @return its entries (one command)
     */
    Map<String, String> entries(String hash);

    /**
     * @param hash   the hash
     * @param fields entries to remove
     */
    void removeEntries(String hash, Collection<String> fields);

    /** @return whether the server answers */
    boolean ping();

    /** Stops the subscription. */
    @Override
    void close();
}
