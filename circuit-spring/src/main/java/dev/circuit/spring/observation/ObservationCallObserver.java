package dev.circuit.spring.observation;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CallObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.concurrent.Callable;

/**
 * Observes each protected call with Micrometer's Observation API: an observation named
 * {@value #NAME} with the low-cardinality keys {@code breaker} and {@code outcome}
 * ({@code success}, {@code failure} or {@code rejected}). A rejection is also an event
 * ({@value #REJECTED}) on the observation around the call, the caller's current span when tracing.
 */
public final class ObservationCallObserver implements CallObserver {

    /** The observation's name. */
    public static final String NAME = "circuit.call";

    /** The event a rejection adds to the current observation. */
    public static final String REJECTED = "circuit.rejected";

    private final ObservationRegistry registry;

    /**
     * Creates the observer.
     *
     * @param registry where observations are made
     */
    public ObservationCallObserver(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <T> T observe(CircuitBreaker breaker, Callable<T> call) throws Exception {
        Observation caller = registry.getCurrentObservation();
        Observation observation = Observation.createNotStarted(NAME, registry)
            .contextualName("circuit " + breaker.name())
            .lowCardinalityKeyValue("breaker", breaker.name())
            .start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = call.call();
            observation.lowCardinalityKeyValue("outcome", "success");
            return result;
        } catch (CircuitOpenException rejected) {
            observation.lowCardinalityKeyValue("outcome", "rejected");
            if (caller != null) {
                caller.event(Observation.Event.of(REJECTED, "rejected by circuit breaker " + breaker.name()));
            }
            throw rejected;
        } catch (Exception | Error failure) {
            observation.lowCardinalityKeyValue("outcome", "failure");
            observation.error(failure);
            throw failure;
        } finally {
            observation.stop();
        }
    }
}
