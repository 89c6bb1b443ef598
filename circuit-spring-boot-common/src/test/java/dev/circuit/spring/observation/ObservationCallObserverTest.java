package dev.circuit.spring.observation;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CallObserver;
import dev.circuit.spring.annotation.CircuitProtected;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Observations of protected calls, with Micrometer's test registry. */
class ObservationCallObserverTest {

    /** A protected service. */
    public static class Partner {
        @CircuitProtected("database")
        public String call(boolean fail) throws IOException {
            if (fail) {
                throw new IOException("down");
            }
            return "ok";
        }
    }

    private final TestObservationRegistry observations = TestObservationRegistry.create();
    private final List<String> events = new CopyOnWriteArrayList<>();

    {
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onEvent(Observation.Event event, Observation.Context context) {
                events.add(context.getName() + ": " + event.getName());
            }
        });
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
            CircuitAopAutoConfiguration.class))
        .withBean(Partner.class)
        .withBean(ObservationRegistry.class, () -> observations)
        .withPropertyValues("circuit.breakers.database.failure-threshold=1");

    @Test
    void eachCallIsObservedWithItsBreakerAndOutcomeAndARejectionIsAnEventOfTheCaller() {
        runner.withPropertyValues("circuit.observations.enabled=true").run(context -> {
            Partner partner = context.getBean(Partner.class);
            assertThat(partner.call(false)).isEqualTo("ok");
            assertThatThrownBy(() -> partner.call(true)).isInstanceOf(IOException.class);
            Observation request = Observation.start("http.request", observations);
            try (Observation.Scope scope = request.openScope()) {
                assertThatThrownBy(() -> partner.call(false)).isInstanceOf(CircuitOpenException.class);
            } finally {
                request.stop();
            }

            TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("circuit.call", 3)
                .hasAnObservation(o -> o.hasNameEqualTo("circuit.call")
                    .hasLowCardinalityKeyValue("breaker", "database").hasLowCardinalityKeyValue("outcome", "success"))
                .hasAnObservation(o -> o.hasNameEqualTo("circuit.call")
                    .hasLowCardinalityKeyValue("outcome", "failure").hasError())
                .hasAnObservation(o -> o.hasNameEqualTo("circuit.call").hasLowCardinalityKeyValue("outcome", "rejected"));
            assertThat(events).containsExactly("http.request: circuit.rejected");
        });
    }

    @Test
    void offByDefaultNothingIsObserved() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(CallObserver.class);
            assertThat(context.getBean(Partner.class).call(false)).isEqualTo("ok");
            TestObservationRegistryAssert.assertThat(observations).doesNotHaveAnyObservation();
        });
    }
}
