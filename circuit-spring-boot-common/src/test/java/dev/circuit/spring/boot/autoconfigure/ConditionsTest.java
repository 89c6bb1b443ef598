package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.spring.annotation.CircuitProtected;
import dev.circuit.spring.annotation.CircuitProtectedAdvisor;
import dev.circuit.spring.boot.actuate.CircuitBreakerMetrics;
import dev.circuit.spring.boot.actuate.CircuitBreakersEndpoint;
import dev.circuit.spring.boot.actuate.RefusedWrites;
import dev.circuit.spring.boot.BootLine;
import dev.circuit.spring.boot.actuate.CircuitBreakersHealthContributor;
import dev.circuit.spring.alert.TransitionLogger;
import dev.circuit.spring.alert.WebhookAlerter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each feature switches on with its library and off with {@code circuit.enabled=false}. */
class ConditionsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, EndpointAutoConfiguration.class,
            CircuitAutoConfiguration.class, CircuitAopAutoConfiguration.class, CircuitEndpointAutoConfiguration.class,
            CircuitHealthAutoConfiguration.class, CircuitMetricsAutoConfiguration.class,
            CircuitAlertsAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=circuitbreakers")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void everythingIsOnWithItsLibrariesPresent() {
        runner.run(context -> assertThat(context).hasNotFailed()
            .hasSingleBean(CircuitBreakerRegistry.class)
            .hasSingleBean(CircuitProtectedAdvisor.class)
            .hasSingleBean(CircuitBreakersEndpoint.class)
            .hasSingleBean(CircuitBreakersHealthContributor.class)
            .hasSingleBean(CircuitBreakerMetrics.class)
            .hasSingleBean(TransitionLogger.class)
            .doesNotHaveBean(WebhookAlerter.class));
    }

    @Test
    void circuitEnabledFalseSwitchesEveryPartOff() {
        runner.withPropertyValues("circuit.enabled=false").run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(CircuitBreakerRegistry.class)
            .doesNotHaveBean(CircuitProtectedAdvisor.class)
            .doesNotHaveBean(CircuitBreakersEndpoint.class)
            .doesNotHaveBean(CircuitBreakersHealthContributor.class)
            .doesNotHaveBean(CircuitBreakerMetrics.class)
            .doesNotHaveBean(TransitionLogger.class));
    }

    @Test
    void withoutTheActuatorThereIsNoEndpointAndNoHealth() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class, BootLine.HEALTH_CONTRIBUTOR))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(CircuitBreakerRegistry.class)
                .doesNotHaveBean(CircuitBreakersEndpoint.class)
                .doesNotHaveBean(CircuitBreakersHealthContributor.class)
                .hasSingleBean(CircuitBreakerMetrics.class));
    }

    @Test
    void theEndpointFollowsExposureAndTheHealthContributorItsSwitch() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health",
                "management.health.circuitbreakers.enabled=false")
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(CircuitBreakersEndpoint.class)
                .doesNotHaveBean(CircuitEndpointAutoConfiguration.class)
                .doesNotHaveBean(RefusedWrites.class)
                .doesNotHaveBean(CircuitBreakersHealthContributor.class));
    }

    @Test
    void withoutMicrometerThereAreNoMeters() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class, CircuitMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(CircuitBreakerRegistry.class)
                .doesNotHaveBean(CircuitBreakerMetrics.class));
    }

    /** A service with plain methods only: works without Reactor. */
    public static class PlainService {
        @CircuitProtected("database")
        public String find() {
            return "found";
        }
    }

    @Test
    void withoutReactorPlainMethodsAreStillProtected() {
        runner.withClassLoader(new FilteredClassLoader(Mono.class)).withBean(PlainService.class)
            .run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(PlainService.class).find()).isEqualTo("found");
                assertThat(context.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow()
                    .snapshot().successes()).isEqualTo(1);
            });
    }

    @Test
    void everyListenerBeanIsAttachedToEveryBreakerIncludingLaterOnes() {
        List<String> heard = new ArrayList<>();
        CircuitListener listener = new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
                heard.add(breaker.name() + " -> " + transition.to());
            }
        };
        runner.withBean(CircuitListener.class, () -> listener).withPropertyValues("circuit.defaults.failure-threshold=1")
            .run(context -> {
                CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
                registry.find("kafka").orElseThrow().recordFailure(new IOException("down"));
                registry.breaker("created-later").recordFailure(new IOException("down"));
                assertThat(heard).containsExactly("kafka -> OPEN", "created-later -> OPEN");
            });
    }

    @Test
    void aWebhookUrlAddsTheAlerterAndABadOneFailsStartUp() {
        runner.withPropertyValues("circuit.alerts.webhook.url=http://127.0.0.1:9/hook")
            .run(context -> assertThat(context).hasSingleBean(WebhookAlerter.class));
        runner.withPropertyValues("circuit.alerts.webhook.url=not a url")
            .run(context -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid circuit.alerts.webhook.url: not a url (allowed: an absolute http or https URL)"));
    }
}
