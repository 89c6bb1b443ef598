package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitEvent.Cause;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.core.CircuitState;
import dev.circuit.core.RegistryListener;
import dev.circuit.spring.support.CircuitStatusContributor;
import dev.circuit.spring.support.RetuneListener;
import dev.circuit.spring.support.SettingsRetuner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Fleet mode: the replicas of a service (one namespace) share their breakers' decisions through Redis,
 * and every protected call stays local. What is shared:
 * <ul>
 *   <li><b>trips</b>: once {@code quorum} instances tripped a breaker within their open periods, every
 *       instance opens it with the same next attempt ({@link TripQuorum});</li>
 *   <li><b>recovery</b>: one prober for the fleet, chosen when the open period ends ({@link ProbeLeases});
 *       its success closes the breaker everywhere, its failure re-opens it everywhere;</li>
 *   <li><b>operator actions</b> apply everywhere, sent as typed commands;</li>
 *   <li><b>joining</b>: an instance that starts while the fleet holds a breaker open starts it open;</li>
 *   <li><b>the view</b>: which instance holds which breaker in which state ({@link FleetView}).</li>
 * </ul>
 * No protected call waits on Redis, and no Redis operation waits longer than the fleet's own timeout
 * ({@link FleetLink}). While Redis is away every instance goes on locally; when it returns, each publishes
 * its open circuits again and reads the fleet's. Messages are signed when a secret is set ({@link FleetCodec});
 * refused and foreign messages are ignored and counted.
 */
public class Fleet implements CircuitListener, RegistryListener, CircuitStatusContributor, RetuneListener, SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    private static final String PREFIX = "cluster: ";

    /**
     * How a fleet runs.
     *
     * @param namespace replicas with the same namespace form a fleet
     * @param quorum    instances that must trip a breaker before the fleet opens it
     * @param timeout   the longest any one Redis operation may take
     * @param handOver  how long a lease holder may wait for a call to probe with before it gives the lease up
     * @param secret    the key that signs messages, or null for unsigned messages
     */
    public record Settings(String namespace, int quorum, Duration timeout, Duration handOver, @Nullable String secret) {

        @Override
        public String toString() {
            return "Settings[namespace=" + namespace + ", quorum=" + quorum + ", timeout=" + timeout + ", handOver="
                + handOver + ", secret=" + (secret == null ? "none" : "******") + "]";
        }
    }

    private final CircuitBreakerRegistry registry;
    private final Settings settings;
    private final Predicate<String> shared;
    private final @Nullable SettingsRetuner retuner;
    private final InstantSource clock;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final FleetCodec codec;
    private final FleetLink link;
    private final TripQuorum quorum;
    private final ProbeLeases leases;
    private final FleetView view;
    private final ScheduledExecutorService monitor;
    private final Map<String, FleetView.Entry> since = new ConcurrentHashMap<>();
    /** When each breaker last closed here: a fleet state written before that is older than this instance's news. */
    private final Map<String, Instant> closedAt = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final Map<FleetCodec.Refusal, AtomicLong> refused = new EnumMap<>(FleetCodec.Refusal.class);
    private volatile boolean running;

    /**
     * Creates the fleet link; {@link #start()} joins.
     *
     * @param registry  the breakers
     * @param transport Redis
     * @param settings  namespace, quorum, timeout, hand-over, secret
     * @param shared    which breakers take part ({@code circuit.breakers.X.cluster.enabled})
     * @param retuner   applies a retuning received from another instance, or null to ignore retunings
     * @param clock     the clock of messages, leases and the view
     */
    public Fleet(CircuitBreakerRegistry registry, FleetTransport transport, Settings settings, Predicate<String> shared,
                 @Nullable SettingsRetuner retuner, InstantSource clock) {
        this.registry = registry;
        this.settings = settings;
        this.shared = shared;
        this.retuner = retuner;
        this.clock = clock;
        this.codec = new FleetCodec(settings.secret(), clock);
        this.link = new FleetLink(transport, settings.timeout(), settings.namespace(), this::resync);
        this.quorum = new TripQuorum(settings.quorum(), clock);
        this.monitor = Executors.newSingleThreadScheduledExecutor(FleetLink.daemon("circuit-fleet-monitor"));
        this.leases = new ProbeLeases(instance, settings.namespace(), link, monitor, clock, settings.handOver());
        this.view = new FleetView(instance, settings.namespace(), link, clock);
        for (FleetCodec.Refusal refusal : FleetCodec.Refusal.values()) {
            refused.put(refusal, new AtomicLong());
        }
    }

    /** @return the Redis channel of the namespace */
    public String channel() {
        return "circuit:" + settings.namespace() + ":events";
    }

    private String stateKey(String breaker) {
        return "circuit:" + settings.namespace() + ":state:" + breaker;
    }

    /** @return this instance's id in the fleet */
    public String instance() {
        return instance;
    }

    /**
     * Joins the fleet: subscribes, gives every shared breaker the probe gate, takes the fleet's state, watches
     * the link. As a {@link SmartLifecycle} in the last phase, it starts after Redis's connection factory and
     * stops before it.
     */
    @Override
    public void start() {
        running = true;
        if (!codec.signs()) {
            LOG.warn("Circuit fleet '{}': messages are not signed, so anyone who can publish on {} can open, close or "
                + "retune every replica's breakers; set circuit.cluster.secret", settings.namespace(), channel());
        }
        registry.all().forEach(this::onBreakerAdded);
        registry.addRegistryListener(this);
        link.transport().subscribe(channel(), this::onMessage);
        link.check();
        if (!link.connected()) {
            LOG.warn("Circuit fleet '{}': Redis is unreachable at start-up; every breaker goes on locally until it is "
                + "reachable (checked once a second)", settings.namespace());
        }
        monitor.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Leaves the fleet. */
    @Override
    public void stop() {
        running = false;
        link.close(); // first, so that a check interrupted by the monitor's shutdown reports no outage
        monitor.shutdownNow();
        link.transport().close();
    }

    /** @return whether the fleet was started and not stopped */
    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void onBreakerAdded(CircuitBreaker breaker) {
        if (shared.test(breaker.name())) {
            breaker.probeGate(leases);
            since.putIfAbsent(breaker.name(), new FleetView.Entry(instance, breaker.state(), clock.instant()));
        }
    }

    // ---- local decisions, published ----------------------------------------------------------

    @Override
    public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        if (!shared.test(breaker.name())) {
            return;
        }
        String name = breaker.name();
        since.put(name, new FleetView.Entry(instance, transition.to(), transition.time()));
        if (transition.to() == CircuitState.CLOSED) {
            closedAt.put(name, transition.time());
        }
        if (transition.to() == CircuitState.OPEN) {
            leases.opened(breaker);
        }
        if (transition.cause() == Cause.FLEET || transition.cause() == Cause.OPERATOR) {
            return; // the fleet's own decisions, and operator actions (sent as commands), are not news
        }
        Instant next = breaker.snapshot().nextAttemptAt();
        // manual recovery has no next attempt: the opening counts for a recovery timeout, and the instances
        // that take it stay open until an operator resets one of them
        Instant until = next != null ? next : clock.instant().plus(breaker.config().recoveryTimeout());
        // the fleet's state is written before the message goes out (one outbox keeps the order), so that an
        // instance reading the state after the message never finds the old one
        if (transition.to() == CircuitState.OPEN && transition.from() == CircuitState.HALF_OPEN) {
            leases.settled(name);
            remember(name, CircuitState.OPEN, until);
            publish(new FleetMessage.Reopen(name, until, transition.reason()));
        } else if (transition.to() == CircuitState.OPEN) {
            tripped(breaker, instance, until, true);
            publish(new FleetMessage.Trip(name, until, transition.reason()));
        } else if (transition.to() == CircuitState.CLOSED && transition.from() == CircuitState.HALF_OPEN) {
            leases.settled(name);
            quorum.clear(name);
            remember(name, CircuitState.CLOSED, null);
            publish(new FleetMessage.Close(name, transition.reason()));
        }
    }

    /** An operator's action here is a command for every instance, whether or not it changed this one. */
    @Override
    public void onOperatorAction(CircuitBreaker breaker, CircuitState target, String reason) {
        if (!shared.test(breaker.name())) {
            return;
        }
        if (target == CircuitState.CLOSED) {
            quorum.clear(breaker.name());
        }
        remember(breaker.name(), target, breaker.snapshot().nextAttemptAt());
        publish(new FleetMessage.Command(breaker.name(), target, reason));
    }

    /** Passes a retuning made on this instance to the fleet. */
    @Override
    public void retuned(String breaker, Map<String, Object> retuned) {
        if (shared.test(breaker)) {
            publish(new FleetMessage.Retune(breaker, retuned));
        }
    }

    private void publish(FleetMessage message) {
        String wire = codec.encode(instance, message);
        link.send(transport -> transport.publish(channel(), wire));
    }

    /** Keeps the fleet's state of a breaker in Redis, signed like a message, for instances that join later. */
    private void remember(String breaker, CircuitState state, @Nullable Instant until) {
        if (state == CircuitState.CLOSED || state == CircuitState.HALF_OPEN) {
            link.send(transport -> transport.delete(stateKey(breaker)));
        } else if (state == CircuitState.OPEN && until != null) {
            Duration ttl = Duration.between(clock.instant(), until);
            if (!ttl.isNegative() && !ttl.isZero()) {
                String wire = codec.encode(instance, new FleetMessage.Trip(breaker, until, "open in the fleet"));
                link.send(transport -> transport.set(stateKey(breaker), wire, ttl));
            }
        } else if (state == CircuitState.FORCED_OPEN || state == CircuitState.DISABLED) {
            String wire = codec.encode(instance, new FleetMessage.Command(breaker, state, state + " in the fleet"));
            link.send(transport -> transport.set(stateKey(breaker), wire, null));
        }
    }

    // ---- the fleet's decisions, applied -----------------------------------------------------------

    /**
     * A message of the channel: decoded and verified once, here, then applied.
     *
     * @param wire the message's text
     */
    void onMessage(String wire) {
        FleetCodec.Decoded decoded = codec.decode(wire);
        if (decoded.refusal() != null) {
            refused.get(decoded.refusal()).incrementAndGet();
            return;
        }
        FleetCodec.Received message = decoded.received();
        received.incrementAndGet();
        if (message.instance().equals(instance)) {
            return;
        }
        CircuitBreaker breaker = registry.find(message.message().breaker()).orElse(null);
        if (breaker == null || !shared.test(breaker.name())) {
            ignored.incrementAndGet(); // a message never creates a breaker
            return;
        }
        try {
            apply(message.instance(), breaker, message.message());
        } catch (RuntimeException invalid) {
            ignored.incrementAndGet(); // a retuning this instance refuses, for one
        }
    }

    private void apply(String from, CircuitBreaker breaker, FleetMessage message) {
        if (message instanceof FleetMessage.Trip trip) {
            tripped(breaker, from, trip.until(), false);
        } else if (message instanceof FleetMessage.Reopen reopen) {
            breaker.openUntil(reopen.until(), PREFIX + reopen.reason() + " (probe on instance " + from + ")");
            leases.opened(breaker);
        } else if (message instanceof FleetMessage.Close close) {
            quorum.clear(breaker.name());
            CircuitState state = breaker.state();
            if (state == CircuitState.OPEN || state == CircuitState.HALF_OPEN) {
                breaker.transitionTo(CircuitState.CLOSED, PREFIX + "closed after a successful probe on instance " + from,
                    Cause.FLEET);
            }
        } else if (message instanceof FleetMessage.Command command) {
            if (command.target() == CircuitState.CLOSED) {
                quorum.clear(breaker.name());
            }
            breaker.transitionTo(command.target(), PREFIX + command.reason() + " on instance " + from, Cause.FLEET);
        } else if (message instanceof FleetMessage.Retune retune && retuner != null) {
            breaker.reconfigure(retuner.retune(breaker.config(), retune.settings()));
        }
    }

    /**
     * Counts a trip; once the quorum is reached, opens the breaker here until the fleet's time. The instance
     * whose own trip completes the quorum writes the fleet's state, the others need not.
     */
    private void tripped(CircuitBreaker breaker, String by, Instant until, boolean own) {
        Instant latest = quorum.trip(breaker.name(), by, until);
        if (latest == null) {
            return;
        }
        if (own) {
            remember(breaker.name(), CircuitState.OPEN, latest);
        }
        if (!breaker.state().isOpen()) {
            breaker.openUntil(latest, PREFIX + "opened by " + quorum.trippedBy(breaker.name()));
            leases.opened(breaker);
        }
    }

    // ---- the fleet's state, read once a second -----------------------------------------------------

    private void tick() {
        try {
            link.check();
            if (link.connected()) {
                converge();
                view.refresh(Map.copyOf(since));
            }
        } catch (RuntimeException e) {
            LOG.debug("Circuit fleet '{}': the check failed", settings.namespace(), e);
        }
    }

    /**
     * Takes the fleet's state of every shared breaker, in one command: an instance that joins while a
     * breaker is open starts it open, and a message missed while the subscription reconnected is made up.
     */
    private void converge() {
        List<CircuitBreaker> breakers = registry.all().stream().filter(breaker -> shared.test(breaker.name())).toList();
        List<String> keys = breakers.stream().map(breaker -> stateKey(breaker.name())).toList();
        List<@Nullable String> states;
        try {
            states = link.call(transport -> transport.getAll(keys));
        } catch (FleetLink.Unavailable e) {
            return;
        }
        for (int i = 0; i < breakers.size() && i < states.size(); i++) {
            String wire = states.get(i);
            if (wire == null) {
                continue;
            }
            FleetCodec.Decoded decoded = codec.decode(wire, false);
            if (decoded.refusal() != null) {
                refused.get(decoded.refusal()).incrementAndGet();
                continue;
            }
            CircuitBreaker breaker = breakers.get(i);
            FleetCodec.Received state = decoded.received();
            Instant closed = closedAt.get(breaker.name());
            if (closed != null && !state.sentAt().isAfter(closed)) {
                continue; // written before this instance closed the breaker (a reset whose delete is still on its way)
            }
            if (state.message() instanceof FleetMessage.Trip open) {
                if (open.until().isAfter(clock.instant()) && !breaker.state().isOpen()) {
                    breaker.openUntil(open.until(), PREFIX + "open in the fleet (instance " + state.instance() + ")");
                    leases.opened(breaker);
                }
            } else if (state.message() instanceof FleetMessage.Command held && held.target() != breaker.state()) {
                breaker.transitionTo(held.target(), PREFIX + held.target() + " in the fleet (instance "
                    + state.instance() + ")", Cause.FLEET);
            }
        }
    }

    /** After an outage of the link: publishes this instance's open circuits again and takes the fleet's. */
    private void resync() {
        for (CircuitBreaker breaker : registry.all()) {
            CircuitSnapshot snapshot = breaker.snapshot();
            if (shared.test(breaker.name()) && snapshot.state() == CircuitState.OPEN && snapshot.nextAttemptAt() != null) {
                publish(new FleetMessage.Trip(breaker.name(), snapshot.nextAttemptAt(), "open while the fleet was unreachable"));
                remember(breaker.name(), CircuitState.OPEN, snapshot.nextAttemptAt());
            }
        }
        converge();
    }

    // ---- what operators see -------------------------------------------------------------------------

    /** @return whether Redis is reachable */
    public boolean connected() {
        return link.connected();
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public Map<String, Object> statusOf(CircuitBreaker breaker) {
        if (!shared.test(breaker.name())) {
            return Map.of("fleetWide", false);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("fleetWide", true);
        status.put("namespace", settings.namespace());
        status.put("connected", link.connected());
        status.put("instance", instance);
        status.put("probeLease", leases.holds(breaker.name()));
        status.put("instances", view.of(breaker.name()));
        return status;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("connected", link.connected());
        status.put("namespace", settings.namespace());
        status.put("instance", instance);
        status.put("quorum", settings.quorum());
        status.put("signed", codec.signs());
        status.put("instances", view.instances());
        status.put("messagesReceived", received.get());
        status.put("messagesIgnored", ignored.get());
        status.put("messagesRefused", refusedCounts());
        status.put("messagesDropped", link.dropped());
        status.put("breakers", view.summary());
        return status;
    }

    private Map<String, Long> refusedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        refused.forEach((refusal, count) -> counts.put(refusal.name(), count.get()));
        return counts;
    }

    /** @return messages refused as unsigned, wrongly signed, stale, replayed or malformed, in all */
    public long refusedMessages() {
        return refused.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
