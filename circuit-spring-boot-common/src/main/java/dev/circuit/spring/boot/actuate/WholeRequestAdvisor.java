package dev.circuit.spring.boot.actuate;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands the whole request of {@code POST /actuator/circuitbreakers/{name}} to
 * {@link CircuitBreakersEndpoint#update(String, Map)}. An actuator operation otherwise receives only
 * the request fields it declares as parameters and silently drops the others: a misspelled setting
 * would be ignored instead of refused, and every setting would have to be declared again as a
 * parameter.
 */
public class WholeRequestAdvisor implements OperationInvokerAdvisor {

    private static final String SELECTOR = "name";

    private final CircuitBreakersEndpoint endpoint;

    /**
     * Creates the advisor.
     *
     * @param endpoint the endpoint whose write operation gets whole requests
     */
    public WholeRequestAdvisor(CircuitBreakersEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
                                  OperationInvoker invoker) {
        if (!endpointId.equals(EndpointId.of(CircuitBreakersEndpoint.ID)) || operationType != OperationType.WRITE) {
            return invoker;
        }
        return context -> {
            Map<String, Object> request = new LinkedHashMap<>(context.getArguments());
            Object name = request.remove(SELECTOR);
            return endpoint.update(String.valueOf(name), request);
        };
    }
}
