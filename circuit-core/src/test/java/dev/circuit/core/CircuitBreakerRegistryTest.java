package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitBreakerRegistryTest {

    private final CircuitBreakerConfig defaults = CircuitBreakerConfig.builder().failureThreshold(7).build();
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(defaults);

    @Test
    void getOrCreateReturnsOneInstancePerName() {
        CircuitBreaker first = registry.breaker("db");
        assertThat(registry.breaker("db")).isSameAs(first);
        assertThat(registry.breaker("db", CircuitBreakerConfig.defaults())).isSameAs(first);
        assertThat(first.config()).isSameAs(defaults).isSameAs(registry.defaultConfig());
        assertThat(registry.find("db")).containsSame(first);
        assertThat(registry.find("other")).isEmpty();
        assertThat(registry.all()).containsExactly(first);
    }

    @Test
    void manyThreadsAskingForTheSameNameGetOneInstance() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 200; round++) {
                CircuitBreakerRegistry fresh = CircuitBreakerRegistry.of();
                List<CircuitBreaker> added = Collections.synchronizedList(new ArrayList<>());
                fresh.addRegistryListener(new RegistryListener() {
                    @Override
                    public void onBreakerAdded(CircuitBreaker breaker) {
                        added.add(breaker);
                    }
                });
                CountDownLatch start = new CountDownLatch(1);
                List<Future<CircuitBreaker>> results = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return fresh.breaker("shared");
                    }));
                }
                start.countDown();
                Set<CircuitBreaker> distinct = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                for (Future<CircuitBreaker> result : results) {
                    distinct.add(result.get(10, TimeUnit.SECONDS));
                }
                assertThat(distinct).hasSize(1);
                assertThat(added).hasSize(1).containsExactlyElementsOf(distinct);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void namedSharedConfigsAreUsedForNewBreakers() {
        CircuitBreakerConfig slow = CircuitBreakerConfig.builder().failureThreshold(2).build();
        registry.addConfig("slow-backends", slow);

        assertThat(registry.breaker("partner-api", "slow-backends").config()).isSameAs(slow);
        assertThat(registry.config("slow-backends")).containsSame(slow);
        assertThatThrownBy(() -> registry.breaker("x", "missing"))
            .isInstanceOf(NoSuchElementException.class)
            .hasMessage("No shared circuit breaker configuration named 'missing' for breaker 'x'; known: [slow-backends]");
    }

    @Test
    void registryListenersAreAttachedToExistingAndLaterBreakers() {
        CircuitBreaker early = registry.breaker("early");
        Set<String> failedIn = ConcurrentHashMap.newKeySet();
        registry.addListener(new CircuitListener() {
            @Override
            public void onFailure(CircuitBreaker breaker, long durationNanos, Throwable error, ErrorCategory category) {
                failedIn.add(breaker.name());
            }
        });
        CircuitBreaker late = registry.breaker("late");

        early.recordFailure(new IOException("x"));
        late.recordFailure(new IOException("y"));

        assertThat(failedIn).containsExactlyInAnyOrder("early", "late");
    }

    @Test
    void reconfigureAndRemoveNotifyRegistryListeners() {
        List<String> heard = new ArrayList<>();
        registry.addRegistryListener(new RegistryListener() {
            @Override
            public void onBreakerAdded(CircuitBreaker breaker) {
                heard.add("added " + breaker.name());
            }

            @Override
            public void onBreakerReconfigured(CircuitBreaker breaker) {
                heard.add("reconfigured " + breaker.name() + " " + breaker.config().failureThreshold());
            }

            @Override
            public void onBreakerRemoved(CircuitBreaker breaker) {
                heard.add("removed " + breaker.name());
            }
        });
        CircuitBreaker db = registry.breaker("db");

        assertThat(registry.reconfigure("db", CircuitBreakerConfig.builder().failureThreshold(9).build())).isSameAs(db);
        assertThat(registry.remove("db")).containsSame(db);
        assertThat(registry.remove("db")).isEmpty();
        assertThatThrownBy(() -> registry.reconfigure("db", defaults))
            .isInstanceOf(NoSuchElementException.class).hasMessage("No circuit breaker named 'db'; known: []");

        assertThat(heard).containsExactly("added db", "reconfigured db 9", "removed db");
    }

    @Test
    void aDeclaredBreakerIsCreatedWithItsOwnConfigurationWhenFirstAskedForByName() {
        CircuitBreakerConfig declared = CircuitBreakerConfig.builder().failureThreshold(3).build();
        List<String> heard = new ArrayList<>();
        registry.addRegistryListener(new RegistryListener() {
            @Override
            public void onBreakerAdded(CircuitBreaker breaker) {
                heard.add("added " + breaker.name());
            }
        });
        registry.declare("kafka", declared);
        registry.declare("database", declared);
        registry.declare("queue", declared);

        assertThat(registry.all()).isEmpty();
        assertThat(heard).isEmpty();
        assertThat(registry.names()).containsExactly("database", "kafka", "queue");

        CircuitBreaker kafka = registry.find("kafka").orElseThrow();
        assertThat(kafka.config()).isSameAs(declared);
        assertThat(registry.breaker("database", defaults).config()).isSameAs(declared);
        assertThat(registry.all()).containsExactlyInAnyOrder(kafka, registry.breaker("database"));
        assertThat(heard).containsExactly("added kafka", "added database");

        registry.declare("kafka", defaults);
        assertThat(registry.find("kafka")).containsSame(kafka);
        assertThat(kafka.config()).isSameAs(declared);

        assertThat(registry.remove("queue")).isEmpty();
        assertThat(registry.find("queue")).isEmpty();
        assertThat(registry.names()).containsExactly("database", "kafka");
        assertThat(registry.find("other")).isEmpty();
    }
}
