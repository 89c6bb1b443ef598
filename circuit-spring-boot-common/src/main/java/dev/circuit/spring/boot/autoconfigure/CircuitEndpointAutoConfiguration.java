package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.support.CircuitStatusContributor;
import dev.circuit.spring.support.RetuneListener;
import dev.circuit.spring.boot.actuate.CircuitBreakersEndpoint;
import dev.circuit.spring.boot.actuate.WholeRequestAdvisor;
import dev.circuit.spring.boot.config.BreakerConfigFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code circuitbreakers} actuator endpoint, when the actuator is present and the endpoint exposed. */
@AutoConfiguration(after = CircuitAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(ConfiguredBreakers.class)
public class CircuitEndpointAutoConfiguration {

    /**
     * The endpoint.
     *
     * @param registry     the breakers
     * @param configs      validates run-time changes
     * @param contributors    top-level sections, such as fleet mode's
     * @param retuneListeners hear of every retuning, such as fleet mode
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public CircuitBreakersEndpoint circuitBreakersEndpoint(CircuitBreakerRegistry registry, BreakerConfigFactory configs,
                                                           ObjectProvider<CircuitStatusContributor> contributors,
                                                           ObjectProvider<RetuneListener> retuneListeners) {
        return new CircuitBreakersEndpoint(registry, configs, contributors.orderedStream().toList(),
            retuneListeners.orderedStream().toList());
    }

    /**
     * Hands the endpoint's write operation the whole request, so that unknown settings are refused.
     *
     * @param endpoint the endpoint
     * @return the advisor
     */
    @Bean
    @ConditionalOnBean(CircuitBreakersEndpoint.class)
    public WholeRequestAdvisor circuitBreakersWholeRequestAdvisor(CircuitBreakersEndpoint endpoint) {
        return new WholeRequestAdvisor(endpoint);
    }
}
