package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet's parts (quorum, leases, signatures, view) against an in-memory Redis: instances are
 * {@link Fleet}s over registries of their own, sharing one {@link InMemoryFleetTransport.Server}.
 */
class FleetWithoutRedisTest {

    /** The wall clock, moved on by tests that age messages or the view. */
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final InstantSource clock = () -> Instant.now().plus(offset.get());
    private final InMemoryFleetTransport.Server server = new InMemoryFleetTransport.Server(clock);
    private final List<Fleet> fleets = new ArrayList<>();

    @AfterEach
    void stop() {
        fleets.forEach(Fleet::stop);
    }

    private CircuitBreaker instance(int quorum, String secret, int breakers) {
        return instance(quorum, secret, breakers, CircuitBreakerConfig.builder().failureThreshold(2)
            .recoveryTimeout(Duration.ofMillis(400)).build());
    }

    private CircuitBreaker instance(int quorum, String secret, int breakers, CircuitBreakerConfig config) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of();
        CircuitBreaker db = registry.breaker("db", config);
        for (int i = 1; i < breakers; i++) {
            registry.breaker("other-" + i, config);
        }
        Fleet fleet = new Fleet(registry, new InMemoryFleetTransport(server),
            new Fleet.Settings("orders", quorum, Duration.ofMillis(200), Duration.ofMillis(300), secret),
            name -> true, null, clock);
        registry.addListener(fleet);
        fleet.start();
        fleets.add(fleet);
        return db;
    }

    private CircuitBreaker instance() {
        return instance(1, null, 1);
    }

    private static void fail(CircuitBreaker breaker) {
        for (int i = 0; i < 2; i++) {
            breaker.recordFailure(new IOException("down"));
        }
    }

    @Test
    void aResetBreakerIsNotReopenedByAFleetStateWrittenBeforeTheReset() {
        CircuitBreaker a = instance(1, null, 1, CircuitBreakerConfig.builder().failureThreshold(2)
            .recoveryTimeout(Duration.ofMinutes(1)).build());
        fail(a);
        await().atMost(Duration.ofSeconds(2)).until(() -> !server.snapshotOfKeys().isEmpty());
        Map<String, String> tripped = server.snapshotOfKeys(); // the fleet's state: open, for a minute
        a.reset();
        await().atMost(Duration.ofSeconds(2)).until(() -> server.snapshotOfKeys().isEmpty());

        tripped.forEach(server::restore); // as if the reset's delete had not landed yet when the state is read
        long ticks = server.commands.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.commands.get() > ticks + 6); // two checks at least
        assertThat(a.state()).isEqualTo(CircuitState.CLOSED);

        fail(a); // a later trip is news again
        assertThat(a.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void theQuorumOpensTheFleetOnlyOnceEnoughInstancesTripped() {
        CircuitBreaker a = instance(2, null, 1);
        CircuitBreaker b = instance(2, null, 1);
        CircuitBreaker c = instance(2, null, 1);
        fail(a);
        await().atMost(Duration.ofSeconds(2)).until(() -> server.published.size() == 1); // delivered, then listed
        assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(c.state()).isEqualTo(CircuitState.CLOSED);
        fail(b);
        await().atMost(Duration.ofSeconds(2)).until(() -> c.state() == CircuitState.OPEN);
        assertThat(c.snapshot().nextAttemptAt()).isEqualTo(b.snapshot().nextAttemptAt());
    }

    @Test
    void oneCallPerInstanceAfterTheOpenPeriodRecoversTheFleetWithOneProbe() {
        CircuitBreaker a = instance();
        CircuitBreaker b = instance();
        CircuitBreaker c = instance();
        fail(a);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.state().isOpen() && c.state().isOpen());
        Instant due = a.snapshot().nextAttemptAt();
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(due.plusMillis(150)));

        AtomicInteger reached = new AtomicInteger();
        for (CircuitBreaker instance : List.of(a, b, c)) {
            try {
                instance.call(reached::incrementAndGet);
            } catch (CircuitOpenException rejected) {
                // not the holder
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertThat(reached).hasValue(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> List.of(a, b, c).stream().allMatch(i -> i.state() == CircuitState.CLOSED));
    }

    @Test
    void manyCallsOnManyThreadsLetExactlyOneProbeThroughForTheFleet() throws Exception {
        List<CircuitBreaker> instances = List.of(instance(), instance(), instance(), instance());
        fail(instances.get(0));
        await().atMost(Duration.ofSeconds(2)).until(() -> instances.stream().allMatch(i -> i.state().isOpen()));
        Instant due = instances.get(0).snapshot().nextAttemptAt();
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(due.plusMillis(150)));
        AtomicInteger reached = new AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            CircuitBreaker instance = instances.get(t % instances.size());
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int call = 0; call < 200; call++) {
                        try {
                            instance.call(() -> {
                                reached.incrementAndGet();
                                throw new IOException("still down"); // the probe fails: nobody else may probe
                            });
                        } catch (Exception expected) {
                            // rejected, or the failed probe
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(reached).hasValue(1);
    }

    @Test
    void withARecoveryProbeOnlyTheLeaseHolderRunsIt() {
        AtomicInteger checks = new AtomicInteger();
        CircuitBreakerConfig probed = CircuitBreakerConfig.builder().failureThreshold(2)
            .recoveryTimeout(Duration.ofMillis(400)).recoveryProbe(() -> checks.incrementAndGet() > 0).build();
        List<CircuitBreaker> instances = List.of(instance(1, null, 1, probed), instance(1, null, 1, probed),
            instance(1, null, 1, probed));
        fail(instances.get(0));
        await().atMost(Duration.ofSeconds(2)).until(() -> instances.stream().allMatch(i -> i.state().isOpen()));
        Instant due = instances.get(0).snapshot().nextAttemptAt();
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(due.plusMillis(150)));

        List<dev.circuit.core.ProbeResult> results = instances.stream().map(CircuitBreaker::probeNow).toList();
        assertThat(results).containsExactlyInAnyOrder(dev.circuit.core.ProbeResult.RECOVERED,
            dev.circuit.core.ProbeResult.NOT_DUE, dev.circuit.core.ProbeResult.NOT_DUE);
        assertThat(checks).hasValue(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> instances.stream().allMatch(i -> i.state() == CircuitState.CLOSED));
    }

    @Test
    void aManualRecoveryBreakerWhoseProbeFailsReopensEverywhere() {
        CircuitBreakerConfig manual = CircuitBreakerConfig.builder().failureThreshold(2).manualRecovery(true).build();
        CircuitBreaker a = instance(1, null, 1, manual);
        CircuitBreaker b = instance(1, null, 1, manual);
        a.transitionTo(CircuitState.HALF_OPEN, "trying it by operator");
        await().atMost(Duration.ofSeconds(2)).until(() -> b.state() == CircuitState.HALF_OPEN);
        assertThat(a.tryAcquirePermission()).isTrue();
        a.onError(0, new IOException("still down")); // no next attempt: it waits for an operator
        await().atMost(Duration.ofSeconds(2)).until(() -> b.state() == CircuitState.OPEN);
        assertThat(a.metrics().listenerErrors()).isZero();
    }

    @Test
    void unsignedForgedStaleAndReplayedMessagesAreRefused() {
        String secret = "a-secret-of-the-fleet";
        CircuitBreaker a = instance(1, secret, 1);
        CircuitBreaker b = instance(1, secret, 1);
        Fleet fleetOfA = fleets.get(0);
        String channel = fleetOfA.channel();
        FleetMessage forced = new FleetMessage.Command("db", CircuitState.FORCED_OPEN, "forced open by operator");

        server.publish(channel, new FleetCodec(null, clock).encode("x", forced));
        server.publish(channel, new FleetCodec("another-secret-altogether", clock).encode("x", forced));
        offset.set(Duration.ofSeconds(-10));
        String old = new FleetCodec(secret, clock).encode("x", forced); // signed 10 s ago
        offset.set(Duration.ZERO);
        server.publish(channel, old);
        assertThat(a.state()).isEqualTo(CircuitState.CLOSED);

        fail(b); // a genuine trip, signed
        await().atMost(Duration.ofSeconds(2)).until(() -> a.state() == CircuitState.OPEN);
        a.reset();
        await().atMost(Duration.ofSeconds(2)).until(() -> b.state() == CircuitState.CLOSED); // the reset, as a command
        String trip = server.published.stream().filter(message -> message.contains("\"TRIP\"")).findFirst().orElseThrow();
        server.publish(channel, trip); // the same message again
        assertThat(a.state()).isEqualTo(CircuitState.CLOSED);

        assertThat(fleetOfA.status().get("messagesRefused")).isEqualTo(Map.of("MALFORMED", 0L, "VERSION", 0L,
            "UNSIGNED", 1L, "BAD_SIGNATURE", 1L, "STALE", 1L, "REPLAYED", 1L));
        assertThat(server.published).noneMatch(message -> message.contains(secret));
        assertThat(fleetOfA.status().toString()).doesNotContain(secret);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theViewListsLiveInstancesAndDropsOneThatStoppedRefreshing() {
        CircuitBreaker a = instance(2, null, 1);
        CircuitBreaker b = instance(2, null, 1);
        instance(2, null, 1);
        fail(a);
        Fleet fleetOfB = fleets.get(1);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            List<Map<String, Object>> view = (List<Map<String, Object>>) fleetOfB.statusOf(b).get("instances");
            assertThat(view).extracting(entry -> entry.get("state")).containsExactlyInAnyOrder("OPEN", "CLOSED", "CLOSED");
        });
        fleets.remove(2).stop();
        offset.set(FleetView.TTL.plusSeconds(1)); // the stopped instance's entry is now too old; the others refresh theirs
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(
            (List<Object>) fleetOfB.statusOf(b).get("instances")).hasSize(2));
        assertThat(fleetOfB.status().get("breakers")).isEqualTo(Map.of("db", Map.of("instances", 2, "open", 1L)));
    }

    @Test
    void redisCostPerInstanceIsTheSameWhateverTheNumberOfBreakers() {
        long oneBreaker = commandsPerSecond(1);
        stop();
        fleets.clear();
        long fiftyBreakers = commandsPerSecond(50);
        assertThat(fiftyBreakers).isEqualTo(oneBreaker);
    }

    /** Commands of one idle instance over three of its monitor's ticks. */
    private long commandsPerSecond(int breakers) {
        instance(1, null, breakers);
        await().atMost(Duration.ofSeconds(2)).until(() -> server.commands.get() > 0);
        await().pollDelay(Duration.ofMillis(1_100)).atMost(Duration.ofSeconds(2)).until(() -> true); // a first tick
        long before = server.commands.get();
        await().pollDelay(Duration.ofMillis(3_050)).atMost(Duration.ofSeconds(4)).until(() -> true);
        return Math.round((server.commands.get() - before) / 3.0);
    }
}
