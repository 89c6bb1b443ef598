package dev.circuit.spring.cluster;

import dev.circuit.spring.boot.BootLine;
import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.boot.actuate.BreakerReport;
import dev.circuit.spring.boot.actuate.CircuitBreakersEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three application contexts as three replicas of one service, sharing a real Redis on loopback, with
 * Spring Boot's default Redis settings (a 60 s command timeout): fleet mode keeps its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private RedisServer redis;
    private final String namespace = "orders-" + UUID.randomUUID();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = new RedisServer();
        redis.start();
    }

    @AfterEach
    void stop() throws Exception {
        instances.forEach(ConfigurableApplicationContext::close);
        if (redis != null) {
            redis.stop();
        }
    }

    private ConfigurableApplicationContext instance(String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
            .properties("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                "circuit.cluster.enabled=true", "circuit.cluster.namespace=" + namespace,
                "circuit.breakers.database.failure-threshold=2", "circuit.breakers.database.recovery-timeout=1s",
                "management.endpoints.web.exposure.include=circuitbreakers")
            .properties(properties)
            .run();
        instances.add(context);
        return context;
    }

    private static CircuitBreaker database(ConfigurableApplicationContext context) {
        return context.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow();
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breaker.call(() -> {
                throw new IOException("connection refused");
            })).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aTripOnOneInstanceOpensTheBreakerEverywhereWithTheSameNextAttempt() {
        var a = instance();
        var b = instance();
        var c = instance();
        fail(database(a), 2);
        long tripped = System.nanoTime();

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
            .until(() -> database(b).state() == CircuitState.OPEN && database(c).state() == CircuitState.OPEN);
        Duration spread = Duration.ofNanos(System.nanoTime() - tripped);
        assertThat(spread).isLessThan(Duration.ofMillis(500));
        assertThat(database(b).snapshot().nextAttemptAt()).isEqualTo(database(a).snapshot().nextAttemptAt());
        assertThat(database(c).history()).last().extracting(e -> e.reason()).asString().startsWith("cluster: opened by [");
        assertThatThrownBy(() -> database(c).run(() -> { })).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void anOperatorResetOnOneInstanceClosesEveryInstanceAndTheAnswerSaysSo() {
        var a = instance();
        var b = instance();
        fail(database(a), 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> database(b).state() == CircuitState.OPEN);

        Object answer = a.getBean(CircuitBreakersEndpoint.class).update("database", Map.of("action", "RESET")).getBody();
        assertThat(answer.toString()).contains("cluster={", "fleetWide=true");
        await().atMost(Duration.ofSeconds(2)).until(() -> database(b).state() == CircuitState.CLOSED);
        assertThat(database(b).history()).last().extracting(e -> e.reason()).asString()
            .startsWith("cluster: reset by operator on instance ");
    }

    @Test
    void anInstanceThatJoinsWhileTheFleetHoldsABreakerOpenStartsItOpen() {
        var a = instance("circuit.breakers.database.recovery-timeout=1m");
        fail(database(a), 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> new StringRedisTemplate(a.getBean(RedisConnectionFactory.class))
            .hasKey("circuit:" + namespace + ":state:database"));

        var joiner = instance("circuit.breakers.database.recovery-timeout=1m");
        assertThat(database(joiner).state()).isEqualTo(CircuitState.OPEN);
        assertThat(database(joiner).snapshot().nextAttemptAt()).isEqualTo(database(a).snapshot().nextAttemptAt());
    }

    @Test
    void exactlyOneProbeReachesTheDependencyPerRecovery() {
        var a = instance();
        var b = instance();
        var c = instance();
        fail(database(a), 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> instances.stream().allMatch(i -> database(i).state().isOpen()));

        AtomicInteger reached = new AtomicInteger();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (var instance : List.of(a, b, c)) {
                try {
                    database(instance).call(() -> {
                        reached.incrementAndGet();
                        throw new IOException("still down");
                    });
                } catch (Exception expected) {
                    // rejected, or the probe failed
                }
            }
            return reached.get() >= 1;
        });
        // the probe failed: every instance is open again, with the backed-off time, and nobody else probed
        await().atMost(Duration.ofSeconds(2)).until(() -> instances.stream().allMatch(i -> database(i).state() == CircuitState.OPEN));
        for (int round = 0; round < 20; round++) {
            for (var instance : List.of(a, b, c)) {
                try {
                    database(instance).call(() -> {
                        reached.incrementAndGet();
                        return "ok";
                    });
                } catch (Exception expected) {
                    // rejected
                }
            }
        }
        assertThat(reached).hasValue(1);
    }

    @Test
    void withAQuorumOfTwoOneTripStaysLocal() {
        var a = instance("circuit.cluster.quorum=2");
        var b = instance("circuit.cluster.quorum=2");
        var c = instance("circuit.cluster.quorum=2");
        fail(database(a), 2);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(database(c).state()).isEqualTo(CircuitState.CLOSED);

        fail(database(b), 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> database(c).state() == CircuitState.OPEN);
        assertThat(database(c).history()).last().extracting(e -> e.reason()).asString().contains("opened by [");
    }

    @Test
    void malformedForeignAndUnknownMessagesAreRefusedAndCounted() {
        var a = instance();
        StringRedisTemplate template = new StringRedisTemplate(a.getBean(RedisConnectionFactory.class));
        String channel = "circuit:" + namespace + ":events";
        template.convertAndSend(channel, "not json");
        template.convertAndSend(channel, "{\"v\":2,\"type\":\"TRIP\",\"instance\":\"x\",\"breaker\":\"database\",\"until\":1}");
        template.convertAndSend(channel, new FleetCodec(null, java.time.InstantSource.system()).encode("x",
            new FleetMessage.Command("nope", CircuitState.FORCED_OPEN, "forced open by operator")));
        Fleet fleet = a.getBean(Fleet.class);
        await().atMost(Duration.ofSeconds(2)).until(() -> fleet.refusedMessages() == 2
            && ((Number) fleet.status().get("messagesIgnored")).longValue() == 1);
        assertThat(fleet.status().get("messagesRefused").toString()).contains("MALFORMED=1", "VERSION=1");
        assertThat(a.getBean(CircuitBreakerRegistry.class).find("nope")).isEmpty();
        assertThat(database(a).state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void withoutASecretStartUpWarnsOnceAndTheSecretIsNeverLogged(CapturedOutput output) {
        instance();
        assertThat(output.getOut().split("messages are not signed", -1)).hasSize(2);
        instance("circuit.cluster.secret=correct-horse-battery-staple");
        assertThat(output.getOut().split("messages are not signed", -1)).hasSize(2);
        assertThat(output.getAll()).doesNotContain("correct-horse-battery-staple");
    }

    @Test
    void withASecretAForgedMessageIsRefusedAndSignedOnesApply() {
        String secret = "circuit.cluster.secret=correct-horse-battery-staple";
        var a = instance(secret);
        var b = instance(secret);
        StringRedisTemplate template = new StringRedisTemplate(a.getBean(RedisConnectionFactory.class));
        String channel = "circuit:" + namespace + ":events";
        FleetMessage forced = new FleetMessage.Command("database", CircuitState.FORCED_OPEN, "forced open by operator");
        template.convertAndSend(channel, new FleetCodec(null, java.time.InstantSource.system()).encode("x", forced));
        template.convertAndSend(channel, new FleetCodec("the-wrong-secret-entirely", java.time.InstantSource.system())
            .encode("x", forced));
        Fleet fleet = a.getBean(Fleet.class);
        await().atMost(Duration.ofSeconds(2)).until(() -> fleet.refusedMessages() == 2);
        assertThat(fleet.status().get("messagesRefused").toString()).contains("UNSIGNED=1", "BAD_SIGNATURE=1");
        assertThat(database(a).state()).isEqualTo(CircuitState.CLOSED);
        assertThat(fleet.status()).containsEntry("signed", true).doesNotContainValue("correct-horse-battery-staple");

        fail(database(b), 2); // signed by b: applies
        await().atMost(Duration.ofSeconds(2)).until(() -> database(a).state() == CircuitState.OPEN);
        assertThat(template.keys("circuit:" + namespace + ":*").stream() // string keys; the fleet view is a hash
            .filter(key -> template.type(key) == org.springframework.data.redis.connection.DataType.STRING)
            .map(template.opsForValue()::get)
            .filter(java.util.Objects::nonNull)).noneMatch(value -> value.contains("correct-horse"));
    }

    @Test
    void aKilledRedisIsNoticedWithinTwoSecondsCallsGoOnLocallyAndTheFleetConvergesWhenItReturns() throws Exception {
        var a = instance("circuit.breakers.database.recovery-timeout=1m"); // the trip outlives the outage
        var b = instance("circuit.breakers.database.recovery-timeout=1m");
        redis.stop();
        long stopped = System.nanoTime();

        assertCallsStayFast(a);
        assertThat(database(a).state()).isEqualTo(CircuitState.OPEN);
        assertLinkDownWithinTwoSeconds(a, stopped);
        assertThat(database(b).state()).isEqualTo(CircuitState.CLOSED);

        redis.start();
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> database(b).state() == CircuitState.OPEN); // converges
        assertLinkUpWithinTwoSeconds(List.of(a, b), back);
        assertTheNextTripReachesEveryReplicaWithin100ms(a, b);
    }

    @Test
    void aHungRedisIsNoticedWithinTwoSecondsAndSlowsNoCall() throws Exception {
        var a = instance("circuit.breakers.database.recovery-timeout=1m");
        var b = instance("circuit.breakers.database.recovery-timeout=1m");
        redis.hang(); // connections stay open, nothing answers
        long hung = System.nanoTime();
        try {
            assertCallsStayFast(a);
            assertLinkDownWithinTwoSeconds(a, hung);
            assertThat(database(b).state()).isEqualTo(CircuitState.CLOSED);
        } finally {
            redis.resume();
        }
        long back = System.nanoTime();
        assertLinkUpWithinTwoSeconds(List.of(a, b), back);
        await().atMost(Duration.ofSeconds(3)).until(() -> database(b).state() == CircuitState.OPEN); // converges
        assertTheNextTripReachesEveryReplicaWithin100ms(a, b);
    }

    /** A thousand calls and a trip, whose publishing cannot reach Redis, take no longer than without fleet mode. */
    private static void assertCallsStayFast(ConfigurableApplicationContext instance) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            database(instance).call(() -> "ok");
        }
        fail(database(instance), 2); // opens locally; publishing it fails in the background
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    private static void assertLinkDownWithinTwoSeconds(ConfigurableApplicationContext instance, long since) {
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() -> !instance.getBean(Fleet.class).connected());
        assertThat(Duration.ofNanos(System.nanoTime() - since)).isLessThan(Duration.ofSeconds(2));
        assertThat(instance.getBean(CircuitBreakersEndpoint.class).breakers().sections()).extractingByKey("cluster").asString()
            .contains("connected=false");
        assertThat(instance.getBean(MeterRegistry.class).get("circuit.breaker.cluster.connected").gauge().value()).isZero();
        BootLine.Reading link = BootLine.health(instance, "circuitFleetHealthIndicator");
        assertThat(link.status()).isEqualTo("UP"); // shown, never making the application DOWN
        assertThat(link.details()).containsEntry("connected", false);
    }

    private static void assertLinkUpWithinTwoSeconds(List<ConfigurableApplicationContext> instances, long since) {
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
            .until(() -> instances.stream().allMatch(instance -> instance.getBean(Fleet.class).connected()));
        assertThat(Duration.ofNanos(System.nanoTime() - since)).isLessThan(Duration.ofSeconds(2));
    }

    private static void assertTheNextTripReachesEveryReplicaWithin100ms(ConfigurableApplicationContext a,
                                                                        ConfigurableApplicationContext b) {
        CircuitBreaker kafkaA = a.getBean(CircuitBreakerRegistry.class).find("kafka").orElseThrow();
        CircuitBreaker kafkaB = b.getBean(CircuitBreakerRegistry.class).find("kafka").orElseThrow();
        kafkaA.forceOpen();
        long tripped = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(2)).until(() -> kafkaB.state() == CircuitState.FORCED_OPEN);
        assertThat(Duration.ofNanos(System.nanoTime() - tripped)).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void recoveryNeedsOneCallAsOnASingleInstance() {
        var a = instance();
        var b = instance();
        var c = instance();
        fail(database(a), 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> instances.stream().allMatch(i -> database(i).state().isOpen()));
        java.time.Instant due = database(a).snapshot().nextAttemptAt();
        await().atMost(Duration.ofSeconds(3)).until(() -> java.time.Instant.now().isAfter(due.plusMillis(200)));

        AtomicInteger reached = new AtomicInteger();
        for (var instance : List.of(a, b, c)) { // one call on each, as light traffic brings them
            try {
                database(instance).call(() -> {
                    reached.incrementAndGet();
                    return "ok";
                });
            } catch (CircuitOpenException rejected) {
                // not the lease holder
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertThat(reached).as("calls that reached the dependency").hasValue(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> instances.stream().allMatch(i -> database(i).state() == CircuitState.CLOSED));
    }

    @Test
    void aLeaseHolderWithoutTrafficHandsTheProbeOver() {
        var a = instance();
        var b = instance();
        fail(database(a), 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> database(b).state().isOpen());
        java.time.Instant due = database(a).snapshot().nextAttemptAt();
        // only b gets traffic: whoever held the lease, b probes within the hand-over time (1 s) and a bit
        AtomicInteger reached = new AtomicInteger();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                database(b).call(() -> reached.incrementAndGet());
                return true;
            } catch (CircuitOpenException rejected) {
                return false;
            }
        });
        assertThat(reached).hasValue(1);
        assertThat(Duration.between(due, java.time.Instant.now())).isLessThan(Duration.ofMillis(2_500));
        await().atMost(Duration.ofSeconds(2)).until(() -> database(a).state() == CircuitState.CLOSED);
    }

    @Test
    void aResetOnAReplicaThatIsAlreadyClosedReachesTheOthers() {
        var a = instance("circuit.cluster.quorum=2");
        var b = instance("circuit.cluster.quorum=2");
        fail(database(a), 2); // one trip of two: a alone is open
        assertThat(database(a).state()).isEqualTo(CircuitState.OPEN);
        assertThat(database(b).state()).isEqualTo(CircuitState.CLOSED);

        Object answer = b.getBean(CircuitBreakersEndpoint.class).update("database", Map.of("action", "RESET")).getBody();
        assertThat(answer.toString()).contains("fleetWide=true");
        await().atMost(Duration.ofSeconds(2)).until(() -> database(a).state() == CircuitState.CLOSED);
        assertThat(database(a).history()).last().extracting(e -> e.reason()).asString()
            .isEqualTo("cluster: reset by operator on instance " + b.getBean(Fleet.class).instance());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFleetViewShowsWhichReplicasHoldABreakerOpenAndDropsADeadOne() {
        var a = instance("circuit.cluster.quorum=2");
        var b = instance("circuit.cluster.quorum=2");
        var c = instance("circuit.cluster.quorum=2");
        fail(database(a), 2);
        String opened = a.getBean(Fleet.class).instance();

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            Map<String, Object> cluster = (Map<String, Object>) ((BreakerReport) b.getBean(CircuitBreakersEndpoint.class).breaker("database").getBody())
                .sections().get("cluster");
            List<Map<String, Object>> view = (List<Map<String, Object>>) cluster.get("instances");
            assertThat(view).hasSize(3);
            assertThat(view).filteredOn(entry -> entry.get("state").equals("OPEN")).singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("instance", opened).containsKey("since"));
            assertThat(b.getBean(CircuitBreakersEndpoint.class).breakers().sections().get("cluster").toString())
                .contains("database={instances=3, open=1}");
        });
        c.close();
        long died = System.nanoTime();
        await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> assertThat(
            ((Map<String, Object>) ((BreakerReport) b.getBean(CircuitBreakersEndpoint.class).breaker("database").getBody()).sections().get("cluster"))
                .get("instances")).asList().hasSize(2));
        assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofSeconds(5)); // TTL 3 s, read once a second
    }

    @Test
    void aBreakerLeftOutOfTheFleetStaysLocal() {
        var a = instance("circuit.breakers.database.cluster.enabled=false");
        var b = instance("circuit.breakers.database.cluster.enabled=false");
        assertThat(a.getBean(dev.circuit.spring.boot.autoconfigure.ConfiguredBreakers.class).clustered("database")).isFalse();
        fail(database(a), 2);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(database(b).history()).isEmpty();
        assertThat(database(a).probeGate()).isNull();
        Object answer = a.getBean(CircuitBreakersEndpoint.class).update("database", Map.of("action", "RESET")).getBody();
        assertThat(answer.toString()).contains("fleetWide=false");
    }

    @Test
    void aRetuningOnOneInstanceAppliesToEveryInstance() {
        var a = instance();
        var b = instance();
        Object answer = a.getBean(CircuitBreakersEndpoint.class)
            .update("database", Map.of("failureThreshold", 10, "recoveryTimeout", "45s")).getBody();
        assertThat(answer.toString()).contains("fleetWide=true");
        await().atMost(Duration.ofSeconds(2)).until(() -> database(b).config().failureThreshold() == 10);
        assertThat(database(b).config().recoveryTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aManualRecoveryBreakerStaysOpenEverywhereUntilOneReset() {
        var a = instance("circuit.breakers.database.manual-recovery=true");
        var b = instance("circuit.breakers.database.manual-recovery=true");
        fail(database(a), 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> database(b).state() == CircuitState.OPEN);
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true); // past the recovery timeout
        assertThat(database(b).state()).isEqualTo(CircuitState.OPEN);
        assertThat(database(b).snapshot().nextAttemptAt()).isNull();

        b.getBean(CircuitBreakersEndpoint.class).update("database", Map.of("action", "RESET"));
        await().atMost(Duration.ofSeconds(2)).until(() -> database(a).state() == CircuitState.CLOSED);
    }
}
