package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.support.CircuitStatusContributor;
import dev.circuit.spring.support.RetuneListener;
import dev.circuit.spring.boot.actuate.CircuitBreakersEndpoint;
import dev.circuit.spring.boot.actuate.RefusedWriteFilter;
import dev.circuit.spring.boot.actuate.RefusedWriteWebFilter;
import dev.circuit.spring.boot.actuate.RefusedWrites;
import dev.circuit.spring.boot.actuate.WholeRequestAdvisor;
import dev.circuit.spring.boot.config.BreakerConfigFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@code circuitbreakers} actuator endpoint, when the actuator is present and the endpoint available (its
 * access not none, and exposed): otherwise nothing of it is loaded or created.
 */
@AutoConfiguration(after = CircuitAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration"})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(ConfiguredBreakers.class)
@ConditionalOnAvailableEndpoint(endpoint = CircuitBreakersEndpoint.class)
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
    public WholeRequestAdvisor circuitBreakersWholeRequestAdvisor(CircuitBreakersEndpoint endpoint) {
        return new WholeRequestAdvisor(endpoint);
    }

    /**
     * Which writes the endpoint's access refuses, for the filters that say how to allow them.
     *
     * @param web         where the actuator's endpoints are mapped
     * @param access      the endpoints' access, when the application has a resolver
     * @param environment where the access properties are read otherwise
     * @return the refused writes
     */
    @Bean
    public RefusedWrites circuitBreakersRefusedWrites(ObjectProvider<WebEndpointProperties> web,
                                                      ObjectProvider<EndpointAccessResolver> access,
                                                      Environment environment) {
        WebEndpointProperties paths = web.getIfAvailable(WebEndpointProperties::new);
        String base = paths.getBasePath().equals("/") ? "" : paths.getBasePath();
        return new RefusedWrites(base + "/" + paths.getPathMapping().getOrDefault(CircuitBreakersEndpoint.ID,
            CircuitBreakersEndpoint.ID), access.getIfAvailable(() -> new PropertiesEndpointAccessResolver(environment)));
    }

    /**
     * In a servlet application: a refused write says how to allow it. (A nested class, so that nothing loads
     * the servlet API where it is absent.)
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.filter.OncePerRequestFilter")
    static class ServletRefusedWrites {

        @Bean
        RefusedWriteFilter circuitBreakersRefusedWriteFilter(RefusedWrites refused) {
            return new RefusedWriteFilter(refused);
        }
    }

    /** The same in a reactive application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
    static class ReactiveRefusedWrites {

        @Bean
        RefusedWriteWebFilter circuitBreakersRefusedWriteWebFilter(RefusedWrites refused) {
            return new RefusedWriteWebFilter(refused);
        }
    }
}
