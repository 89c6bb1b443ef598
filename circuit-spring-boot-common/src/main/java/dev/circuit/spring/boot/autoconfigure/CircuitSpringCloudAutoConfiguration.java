package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.cloud.CircuitCloudBreakerFactory;
import dev.circuit.spring.cloud.CircuitReactiveCloudBreakerFactory;
import dev.circuit.spring.cloud.CloudBreakers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Cloud CircuitBreaker backed by circuit, when {@code spring-cloud-commons} is on the class path:
 * a {@link CircuitBreakerFactory} (what OpenFeign calls) and, with Reactor, a
 * {@link ReactiveCircuitBreakerFactory}, unless the application declares its own. Every
 * {@code Customizer} bean of either factory is applied to it.
 */
@AutoConfiguration(after = CircuitAutoConfiguration.class, beforeName = {
    "org.springframework.cloud.openfeign.FeignAutoConfiguration",
    "org.springframework.cloud.client.CommonsClientAutoConfiguration"})
@ConditionalOnClass(CircuitBreakerFactory.class)
@ConditionalOnBean(ConfiguredBreakers.class)
public class CircuitSpringCloudAutoConfiguration {

    /**
     * The breakers handed out to Spring Cloud, shared by both factories.
     *
     * @param registry   the registry
     * @param properties the bound properties, for {@code circuit.spring-cloud.max-breakers}
     * @return the source of breakers
     */
    @Bean
    @ConditionalOnMissingBean
    public CloudBreakers circuitCloudBreakers(CircuitBreakerRegistry registry, CircuitProperties properties) {
        int max = properties.getSpringCloud().getMaxBreakers();
        if (max < 1) {
            throw new InvalidConfigurationException("circuit.spring-cloud.max-breakers", max, "an integer >= 1");
        }
        return new CloudBreakers(registry, max);
    }

    /**
     * The blocking factory.
     *
     * @param breakers    the source of breakers
     * @param customizers the application's customisers
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean(CircuitBreakerFactory.class)
    public CircuitCloudBreakerFactory circuitCloudBreakerFactory(CloudBreakers breakers,
            ObjectProvider<Customizer<CircuitCloudBreakerFactory>> customizers) {
        CircuitCloudBreakerFactory factory = new CircuitCloudBreakerFactory(breakers);
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /** The reactive factory, with Reactor. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.core.publisher.Mono")
    static class Reactive {

        /**
         * The reactive factory.
         *
         * @param breakers    the source of breakers
         * @param customizers the application's customisers
         * @return the factory
         */
        @Bean
        @ConditionalOnMissingBean(ReactiveCircuitBreakerFactory.class)
        CircuitReactiveCloudBreakerFactory circuitReactiveCloudBreakerFactory(CloudBreakers breakers,
                ObjectProvider<Customizer<CircuitReactiveCloudBreakerFactory>> customizers) {
            CircuitReactiveCloudBreakerFactory factory = new CircuitReactiveCloudBreakerFactory(breakers);
            customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
            return factory;
        }
    }
}
