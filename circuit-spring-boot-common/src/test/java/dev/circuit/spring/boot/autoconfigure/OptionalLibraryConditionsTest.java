package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.annotation.CircuitProtectedAdvisor;
import dev.circuit.spring.boot.BootLine;
import dev.circuit.spring.boot.actuate.CircuitBreakerMetrics;
import dev.circuit.spring.boot.resilience4j.CircuitResilience4jAutoConfiguration;
import dev.circuit.spring.boot.resilience4j.Resilience4jBreakers;
import dev.circuit.spring.cloud.CircuitCloudBreakerFactory;
import dev.circuit.spring.cloud.CircuitReactiveCloudBreakerFactory;
import dev.circuit.spring.cluster.Fleet;
import dev.circuit.spring.http.HostBreakers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Each optional library hidden from the application's class loader, as Spring Boot tests its own
 * conditions: the feature built on it is off, and everything else is on. (That circuit's own classes also
 * link without the library is {@link OptionalLibrariesTest}'s part: it removes the jars.)
 */
class OptionalLibraryConditionsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
            CircuitAopAutoConfiguration.class, CircuitMetricsAutoConfiguration.class,
            CircuitSpringCloudAutoConfiguration.class, CircuitClusterAutoConfiguration.class,
            CircuitResilience4jAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void withoutResilience4jEverythingOfCircuitsOwnIsOn() {
        runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(CircuitBreakerRegistry.class)
                .hasSingleBean(CircuitProtectedAdvisor.class)
                .hasSingleBean(CircuitBreakerMetrics.class)
                .doesNotHaveBean(Resilience4jBreakers.class)); // nothing of the compatibility layer is built
        runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
            .withPropertyValues("resilience4j.circuitbreaker.instances.backend.failure-rate-threshold=50")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Resilience4jBreakers.class)
                .as("circuit reads Resilience4j's YAML without Resilience4j"));
    }

    @Test
    void withoutSpringCloudThereAreNoCloudFactories() {
        runner.run(context -> assertThat(context).hasSingleBean(CircuitCloudBreakerFactory.class)
            .hasSingleBean(CircuitReactiveCloudBreakerFactory.class));
        runner.withClassLoader(new FilteredClassLoader(CircuitBreakerFactory.class))
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CircuitBreakerRegistry.class)
                .doesNotHaveBean(CircuitCloudBreakerFactory.class)
                .doesNotHaveBean(CircuitReactiveCloudBreakerFactory.class));
    }

    @Test
    void withoutReactorTheBlockingCloudFactoryStays() {
        runner.withClassLoader(new FilteredClassLoader(Mono.class))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(CircuitCloudBreakerFactory.class)
                .doesNotHaveBean(CircuitReactiveCloudBreakerFactory.class));
    }

    @Test
    void withoutSpringDataRedisFleetModeIsOffAndAskingForItFailsStartUp() {
        ApplicationContextRunner fleet = runner.withPropertyValues("circuit.cluster.enabled=true")
            .withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class));
        fleet.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(new CircuitConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                    .contains("Property: circuit.cluster.enabled", "Value: true",
                        "Allowed: true only with Spring Data Redis on the class path (add spring-boot-starter-data-redis), or false");
            });
        runner.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Fleet.class));
    }

    @Test
    void withoutMicrometerThereAreNoMetersAndTheRestIsOn() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(CircuitProtectedAdvisor.class)
                .doesNotHaveBean(CircuitBreakerMetrics.class));
    }

    @Test
    void withoutThePrometheusRegistryTheMetersStay() {
        runner.withClassLoader(new FilteredClassLoader(PrometheusMeterRegistry.class))
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CircuitBreakerMetrics.class));
    }

    @Test
    void withoutWebFluxTheRestClientSideOfPerHostBreakersStays() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class, CircuitHttpClientAutoConfiguration.class))
            .withPropertyValues("circuit.http-client.enabled=true")
            .withClassLoader(new FilteredClassLoader(WebClient.class, BootLine.WEB_CLIENT_CUSTOMIZER))
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(HostBreakers.class);
                assertThat(context.containsBean("circuitRestClientCustomizer")).isTrue();
                assertThat(context.containsBean("circuitWebClientCustomizer")).isFalse();
            });
    }
}
