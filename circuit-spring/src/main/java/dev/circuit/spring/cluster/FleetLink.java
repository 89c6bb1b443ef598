package dev.circuit.spring.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The fleet's link to Redis: every operation runs on the link's own threads and is given up after
 * {@code circuit.cluster.timeout}, whatever the Redis client's timeout (Boot's default is 60 s). A check once
 * a second (a PING within that timeout, and the subscription's state) decides whether the link is up: one
 * slow operation on a busy host does not take the instance out of the fleet, and a Redis that is gone or
 * hung fails the next check. What is sent goes through one ordered outbox, bounded: while the link is down, or the
 * outbox full, messages are dropped and counted, never waited for.
 */
final class FleetLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetLink.class);

    /** The operation failed or timed out; the link is down. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    private final FleetTransport transport;
    private final Duration timeout;
    private final String namespace;
    private final Runnable onReconnect;
    private final AtomicBoolean connected = new AtomicBoolean();
    private volatile boolean closed;
    private final AtomicLong dropped = new AtomicLong();
    private final ThreadPoolExecutor io;
    private final ThreadPoolExecutor outbox;

    /**
     * @param transport   Redis
     * @param timeout     how long one operation may take
     * @param namespace   for the logs
     * @param onReconnect runs on the checking thread when the link comes back
     */
    FleetLink(FleetTransport transport, Duration timeout, String namespace, Runnable onReconnect) {
        this.transport = transport;
        this.timeout = timeout;
        this.namespace = namespace;
        this.onReconnect = onReconnect;
        this.io = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64),
            daemon("circuit-fleet-io"), new ThreadPoolExecutor.AbortPolicy());
        this.outbox = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000),
            daemon("circuit-fleet-publisher"), (task, executor) -> dropped.incrementAndGet());
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @return the transport, for subscribing */
    FleetTransport transport() {
        return transport;
    }

    /** @return whether Redis answered the last check */
    boolean connected() {
        return connected.get();
    }

    /** @return messages and writes dropped because the link was down or the outbox full */
    long dropped() {
        return dropped.get();
    }

    /**
     * Runs an operation now, on the link's threads, within the timeout.
     *
     * @param operation what to do with Redis
     * @return its result
     * @throws Unavailable when it failed or timed out
     */
    <T> T call(Function<FleetTransport, T> operation) {
        Future<T> result;
        try {
            result = io.submit(() -> operation.apply(transport));
        } catch (RejectedExecutionException busy) {
            throw new Unavailable(busy); // every thread waits on a Redis that does not answer
        }
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            result.cancel(true);
            throw new Unavailable(e instanceof ExecutionException failed && failed.getCause() != null ? failed.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(e);
        }
    }

    /**
     * Sends in order, in the background: dropped (and counted) while the link is down or the outbox full.
     *
     * @param operation what to do with Redis
     */
    void send(Consumer<FleetTransport> operation) {
        if (!connected.get()) {
            dropped.incrementAndGet();
            return;
        }
        outbox.execute(() -> {
            try {
                call(transport -> {
                    operation.accept(transport);
                    return null;
                });
            } catch (Unavailable e) {
                dropped.incrementAndGet();
            }
        });
    }

    /** Checks Redis (a PING within the timeout, and the subscription); runs the reconnection work when it is back. */
    void check() {
        String problem = null;
        try {
            if (!call(FleetTransport::ping)) {
                problem = "PING unanswered";
            } else if (!transport.subscribed()) {
                problem = "the subscription is down";
            }
        } catch (Unavailable e) {
            problem = e.getMessage();
        }
        if (closed) {
            return; // shutting down: a failure now is ours, not Redis's
        }
        if (problem == null && connected.compareAndSet(false, true)) {
            LOG.info("Circuit fleet '{}': Redis is reachable; sharing breaker decisions", namespace);
            onReconnect.run();
        } else if (problem != null && connected.compareAndSet(true, false)) {
            LOG.warn("Circuit fleet '{}': Redis is unreachable ({}); every breaker goes on locally until it returns",
                namespace, problem);
        }
    }

    @Override
    public void close() {
        closed = true;
        outbox.shutdownNow();
        io.shutdownNow();
    }
}
