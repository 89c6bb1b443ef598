package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.core.CircuitState;
import dev.circuit.core.ProbeGate;
import dev.circuit.core.RegistryListener;
import dev.circuit.spring.support.CircuitStatusContributor;
import dev.circuit.spring.support.RetuneListener;
import dev.circuit.spring.support.SettingsRetuner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.json.JsonWriter;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Fleet mode: the replicas of a service (one namespace) share their breakers' decisions through Redis,
 * and every protected call stays local. What is shared:
 * <ul>
 *   <li><b>trips</b>: an instance whose circuit opens publishes it; once {@code quorum} instances have
 *       tripped within their open periods, every instance opens the breaker with the same next attempt;</li>
 *   <li><b>recovery</b>: one instance probes at a time (a lease in Redis, expiring after the probe
 *       timeout); its success closes the breaker everywhere, its failure re-opens it everywhere with the
 *       backed-off time;</li>
 *   <li><b>operator actions</b> (reset, force open, disable, close) apply everywhere;</li>
 *   <li><b>joining</b>: an instance that starts while the fleet holds a breaker open starts it open.</li>
 * </ul>
 * No protected call waits on Redis: messages are published from a bounded queue on a thread of their
 * own, and dropped (counted) when Redis is away; the probe gate answers from the lease it holds. While
 * Redis is unreachable every instance goes on with local breakers; when it returns, each instance
 * publishes its open circuits again and reads the fleet's, so that the fleet converges (an open circuit
 * that has not expired wins); while connected it reads the fleet's state once a second, which makes up
 * for a message missed while a subscription was reconnecting (pub/sub delivers at most once). Messages are JSON with a version; malformed ones, foreign versions and
 * breakers this instance does not have are ignored and counted.
 */
public class Fleet implements CircuitListener, RegistryListener, ProbeGate, MessageListener, CircuitStatusContributor,
        RetuneListener {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    private static final int VERSION = 1;
    private static final String PREFIX = "cluster: ";
    private static final JsonWriter<Map<String, Object>> JSON = JsonWriter.standard();

    private final CircuitBreakerRegistry registry;
    private final StringRedisTemplate redis;
    private final String namespace;
    private final int quorum;
    private final Predicate<String> shared;
    private final @Nullable SettingsRetuner retuner;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final JsonParser parser = JsonParserFactory.getJsonParser();
    private final ThreadLocal<Boolean> applying = ThreadLocal.withInitial(() -> false);
    private final Map<String, Map<String, Instant>> trips = new ConcurrentHashMap<>();
    private final Map<String, Instant> leases = new ConcurrentHashMap<>();
    private final Map<String, Boolean> acquiring = new ConcurrentHashMap<>();
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final ThreadPoolExecutor publisher;
    private final ScheduledExecutorService monitor;

    /**
     * Creates the fleet link.
     *
     * @param registry  the breakers
     * @param redis     the Redis client
     * @param namespace replicas with the same namespace form a fleet
     * @param quorum    instances that must trip a breaker before the fleet opens it
     * @param shared    which breakers take part ({@code circuit.breakers.X.cluster.enabled})
     * @param retuner   applies a retuning received from another instance, or null to ignore retunings
     */
    public Fleet(CircuitBreakerRegistry registry, StringRedisTemplate redis, String namespace, int quorum,
                 Predicate<String> shared, @Nullable SettingsRetuner retuner) {
        this.retuner = retuner;
        this.registry = registry;
        this.redis = redis;
        this.namespace = namespace;
        this.quorum = quorum;
        this.shared = shared;
        this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000),
            daemon("circuit-fleet-publisher"), (task, executor) -> dropped.incrementAndGet());
        this.monitor = Executors.newSingleThreadScheduledExecutor(daemon("circuit-fleet-monitor"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @return the Redis channel of the namespace */
    public String channel() {
        return "circuit:" + namespace + ":events";
    }

    private String stateKey(String breaker) {
        return "circuit:" + namespace + ":state:" + breaker;
    }

    private String leaseKey(String breaker) {
        return "circuit:" + namespace + ":probe:" + breaker;
    }

    /** Joins the fleet: takes its open circuits, gives every shared breaker the probe gate, and watches the link. */
    public void start() {
        registry.all().forEach(this::onBreakerAdded);
        registry.addRegistryListener(this);
        join();
        monitor.scheduleWithFixedDelay(this::checkLink, 1, 1, TimeUnit.SECONDS);
    }

    /** Leaves the fleet. */
    public void stop() {
        monitor.shutdownNow();
        publisher.shutdownNow();
    }

    @Override
    public void onBreakerAdded(CircuitBreaker breaker) {
        if (shared.test(breaker.name()) && breaker.config().probeGate() != this) {
            breaker.reconfigure(breaker.config().toBuilder().probeGate(this).build());
        }
    }

    // ---- local decisions, published ----------------------------------------------------------

    @Override
    public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        if (applying.get() || !shared.test(breaker.name())) {
            return;
        }
        CircuitSnapshot snapshot = breaker.snapshot();
        String reason = transition.reason();
        // the fleet's state is written before the message goes out (one publishing thread keeps the order),
        // so that an instance reading the state after the message never finds the old one
        if (reason.endsWith("by operator")) {
            if (transition.to() == CircuitState.CLOSED) {
                trips.remove(breaker.name());
            }
            remember(breaker.name(), transition.to(), snapshot.nextAttemptAt());
            publish(message("ACTION", breaker.name()).with("target", transition.to().name()).with("reason", reason));
        } else if (transition.to() == CircuitState.OPEN && transition.from() == CircuitState.HALF_OPEN) {
            release(breaker.name());
            remember(breaker.name(), CircuitState.OPEN, snapshot.nextAttemptAt());
            publish(message("REOPEN", breaker.name()).with("until", timestamp(snapshot.nextAttemptAt())).with("reason", reason));
        } else if (transition.to() == CircuitState.OPEN) {
            // manual recovery has no next attempt: the trip counts for a recovery timeout, and the
            // instances that take it stay open until an operator resets one of them
            Instant until = snapshot.nextAttemptAt() != null ? snapshot.nextAttemptAt()
                : Instant.now().plus(breaker.config().recoveryTimeout());
            trip(breaker.name(), instance, until);
            publish(message("TRIP", breaker.name()).with("until", timestamp(until)).with("reason", reason));
        } else if (transition.to() == CircuitState.CLOSED && transition.from() == CircuitState.HALF_OPEN) {
            release(breaker.name());
            trips.remove(breaker.name());
            remember(breaker.name(), CircuitState.CLOSED, null);
            publish(message("CLOSE", breaker.name()).with("reason", reason));
        }
    }

    /** A message under construction. */
    private final class Outgoing extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        Outgoing with(String key, Object value) {
            put(key, value);
            return this;
        }
    }

    private Outgoing message(String type, String breaker) {
        return new Outgoing().with("v", VERSION).with("type", type).with("instance", instance).with("breaker", breaker);
    }

    private void publish(Map<String, Object> message) {
        if (!connected.get()) {
            dropped.incrementAndGet();
            return;
        }
        String json = JSON.writeToString(message);
        publisher.execute(() -> {
            try {
                redis.convertAndSend(channel(), json);
            } catch (RuntimeException e) {
                dropped.incrementAndGet();
                lost(e);
            }
        });
    }

    /** Keeps the fleet's state of a breaker in Redis for instances that join later. */
    private void remember(String breaker, CircuitState state, @Nullable Instant until) {
        if (!connected.get()) {
            return;
        }
        publisher.execute(() -> {
            try {
                if (state == CircuitState.CLOSED) {
                    redis.delete(stateKey(breaker));
                } else if (state == CircuitState.OPEN && until != null) {
                    long ttl = Duration.between(Instant.now(), until).toMillis();
                    if (ttl > 0) {
                        redis.opsForValue().set(stateKey(breaker), JSON.writeToString(Map.of("state", "OPEN",
                            "until", until.toString(), "instance", instance)), Duration.ofMillis(ttl));
                    }
                } else if (state == CircuitState.FORCED_OPEN || state == CircuitState.DISABLED) {
                    redis.opsForValue().set(stateKey(breaker), JSON.writeToString(Map.of("state", state.name(),
                        "instance", instance)));
                }
            } catch (RuntimeException e) {
                lost(e);
            }
        });
    }

    /** Passes a retuning made on this instance to the fleet. */
    @Override
    public void retuned(String breaker, Map<String, Object> settings) {
        if (shared.test(breaker)) {
            publish(message("RETUNE", breaker).with("settings", settings));
        }
    }

    // ---- the fleet's decisions, applied -----------------------------------------------------------

    @Override
    public void onMessage(Message message, byte[] pattern) {
        Map<String, Object> body;
        try {
            body = parser.parseMap(new String(message.getBody(), StandardCharsets.UTF_8));
        } catch (RuntimeException malformed) {
            ignored.incrementAndGet();
            return;
        }
        received.incrementAndGet();
        if (!Integer.valueOf(VERSION).equals(asInt(body.get("v"))) || !(body.get("type") instanceof String type)
            || !(body.get("instance") instanceof String from) || !(body.get("breaker") instanceof String name)) {
            ignored.incrementAndGet();
            return;
        }
        if (from.equals(instance)) {
            return;
        }
        CircuitBreaker breaker = registry.find(name).orElse(null);
        if (breaker == null || !shared.test(name)) {
            ignored.incrementAndGet(); // a message never creates a breaker
            return;
        }
        try {
            apply(type, from, breaker, body);
        } catch (RuntimeException invalid) {
            ignored.incrementAndGet();
        }
    }

    private void apply(String type, String from, CircuitBreaker breaker, Map<String, Object> body) {
        String reason = String.valueOf(body.getOrDefault("reason", ""));
        switch (type) {
            case "TRIP" -> {
                trip(breaker.name(), from, instant(body.get("until")));
            }
            case "REOPEN" -> applying(() -> breaker.openUntil(instant(body.get("until")),
                PREFIX + reason + " (probe on instance " + from + ")"));
            case "CLOSE" -> {
                trips.remove(breaker.name());
                CircuitState state = breaker.state();
                if (state == CircuitState.OPEN || state == CircuitState.HALF_OPEN) {
                    applying(() -> breaker.transitionTo(CircuitState.CLOSED,
                        PREFIX + "closed after a successful probe on instance " + from));
                }
            }
            case "RETUNE" -> {
                if (retuner != null && body.get("settings") instanceof Map<?, ?> settings) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> requested = (Map<String, Object>) settings;
                    breaker.reconfigure(retuner.retune(breaker.config(), requested));
                }
            }
            case "ACTION" -> {
                CircuitState target = CircuitState.valueOf(String.valueOf(body.get("target")));
                if (target == CircuitState.CLOSED) {
                    trips.remove(breaker.name());
                }
                applying(() -> breaker.transitionTo(target, PREFIX + reason + " on instance " + from));
            }
            default -> ignored.incrementAndGet();
        }
    }

    /** Counts a trip; once enough instances tripped within their open periods, opens the breaker here. */
    private void trip(String name, String by, Instant until) {
        Map<String, Instant> byInstance = trips.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        byInstance.put(by, until);
        Instant now = Instant.now();
        byInstance.values().removeIf(expiry -> !expiry.isAfter(now));
        if (byInstance.size() < quorum) {
            return;
        }
        Instant latest = byInstance.values().stream().max(Instant::compareTo).orElse(until);
        remember(name, CircuitState.OPEN, latest);
        CircuitBreaker breaker = registry.find(name).orElse(null);
        if (breaker != null && !breaker.state().isOpen()) {
            applying(() -> breaker.openUntil(latest,
                PREFIX + "opened by " + new TreeSet<>(byInstance.keySet())));
        }
    }

    private void applying(Runnable change) {
        applying.set(true);
        try {
            change.run();
        } finally {
            applying.set(false);
        }
    }

    /** Takes the fleet's open circuits: an instance that joins while a breaker is open starts it open. */
    private void join() {
        for (CircuitBreaker breaker : registry.all()) {
            if (!shared.test(breaker.name())) {
                continue;
            }
            String json;
            try {
                json = redis.opsForValue().get(stateKey(breaker.name()));
            } catch (RuntimeException e) {
                lost(e);
                return;
            }
            if (json == null) {
                continue;
            }
            try {
                Map<String, Object> state = parser.parseMap(json);
                String kind = String.valueOf(state.get("state"));
                String by = String.valueOf(state.get("instance"));
                if (kind.equals("OPEN")) {
                    Instant until = instant(state.get("until"));
                    if (until.isAfter(Instant.now()) && !breaker.state().isOpen()) {
                        applying(() -> breaker.openUntil(until, PREFIX + "open in the fleet (instance " + by + ")"));
                    }
                } else if (!kind.equals(breaker.state().name())) {
                    CircuitState target = CircuitState.valueOf(kind);
                    applying(() -> breaker.transitionTo(target, PREFIX + target + " in the fleet (instance " + by + ")"));
                }
            } catch (RuntimeException malformed) {
                ignored.incrementAndGet();
            }
        }
    }

    // ---- recovery: one prober at a time -----------------------------------------------------------

    /**
     * Whether this instance may probe: when it holds the breaker's lease. Otherwise it asks Redis for the
     * lease in the background and answers no for now; without Redis every instance probes on its own.
     */
    @Override
    public boolean mayProbe(CircuitBreaker breaker) {
        if (!connected.get()) {
            return true;
        }
        Instant lease = leases.get(breaker.name());
        if (lease != null && lease.isAfter(Instant.now())) {
            return true;
        }
        if (acquiring.putIfAbsent(breaker.name(), Boolean.TRUE) == null) {
            Duration timeout = breaker.config().halfOpenProbeTimeout();
            try {
                publisher.execute(() -> acquire(breaker.name(), timeout));
            } catch (RuntimeException rejected) {
                acquiring.remove(breaker.name());
            }
        }
        return false;
    }

    private void acquire(String name, Duration timeout) {
        try {
            Boolean mine = redis.opsForValue().setIfAbsent(leaseKey(name), instance, timeout);
            if (Boolean.TRUE.equals(mine)) {
                leases.put(name, Instant.now().plus(timeout));
            }
        } catch (RuntimeException e) {
            lost(e);
        } finally {
            acquiring.remove(name);
        }
    }

    private void release(String name) {
        if (leases.remove(name) != null && connected.get()) {
            publisher.execute(() -> {
                try {
                    redis.delete(leaseKey(name));
                } catch (RuntimeException e) {
                    lost(e);
                }
            });
        }
    }

    // ---- the link ---------------------------------------------------------------------------------------

    private void checkLink() {
        boolean up;
        try {
            up = "PONG".equalsIgnoreCase(redis.execute((org.springframework.data.redis.core.RedisCallback<String>)
                connection -> connection.ping()));
        } catch (RuntimeException e) {
            up = false;
        }
        LOG.debug("Circuit fleet '{}': Redis {}", namespace, up ? "reachable" : "unreachable");
        if (up && connected.compareAndSet(false, true)) {
            LOG.info("Circuit fleet '{}': Redis is reachable again; sharing breaker decisions", namespace);
            resync();
        } else if (up) {
            join(); // a message lost while a subscription was reconnecting is made up by the fleet's state
        } else if (connected.compareAndSet(true, false)) {
            LOG.warn("Circuit fleet '{}': Redis is unreachable; every breaker goes on locally until it returns", namespace);
        }
    }

    private void lost(RuntimeException e) {
        if (connected.compareAndSet(true, false)) {
            LOG.warn("Circuit fleet '{}': Redis is unreachable ({}); every breaker goes on locally until it returns",
                namespace, e.toString());
        }
    }

    /** After an outage of the link: publishes this instance's open circuits again and takes the fleet's. */
    private void resync() {
        for (CircuitBreaker breaker : registry.all()) {
            CircuitSnapshot snapshot = breaker.snapshot();
            if (shared.test(breaker.name()) && snapshot.state() == CircuitState.OPEN && snapshot.nextAttemptAt() != null) {
                publish(message("TRIP", breaker.name()).with("until", timestamp(snapshot.nextAttemptAt()))
                    .with("reason", "open while the fleet was unreachable"));
                remember(breaker.name(), CircuitState.OPEN, snapshot.nextAttemptAt());
            }
        }
        publisher.execute(this::join);
    }

    /** @return whether Redis is reachable */
    public boolean connected() {
        return connected.get();
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public Map<String, Object> statusOf(CircuitBreaker breaker) {
        return shared.test(breaker.name())
            ? Map.of("fleetWide", true, "namespace", namespace, "connected", connected.get())
            : Map.of("fleetWide", false);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("connected", connected.get());
        status.put("namespace", namespace);
        status.put("instance", instance);
        status.put("quorum", quorum);
        status.put("messagesReceived", received.get());
        status.put("messagesIgnored", ignored.get());
        status.put("messagesDropped", dropped.get());
        return status;
    }

    /** An instant as messages carry it: ISO-8601, to the nanosecond, so that every instance gets the same one. */
    private static String timestamp(Instant instant) {
        return String.valueOf(instant);
    }

    private static Instant instant(Object value) {
        return Instant.parse(String.valueOf(value));
    }

    private static Integer asInt(Object value) {
        return value instanceof Number number ? number.intValue() : null;
    }

}
