package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.http.CircuitExchangeFilter;
import dev.circuit.spring.http.CircuitRequestInterceptor;
import dev.circuit.spring.http.HostBreakers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.boot.web.reactive.function.client.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The host breakers applied to Spring Boot 3.5's {@code RestClient} and {@code WebClient} builders
 * (with {@code spring-web} and {@code spring-webflux}); imported by
 * {@link CircuitHttpClientAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class CircuitHttpClientCustomizers {

    /** RestClient, when Boot's RestClient support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class RestClients {

        @Bean
        RestClientCustomizer circuitRestClientCustomizer(HostBreakers breakers) {
            CircuitRequestInterceptor interceptor = new CircuitRequestInterceptor(breakers);
            return builder -> builder.requestInterceptor(interceptor);
        }
    }

    /** WebClient, when Boot's WebClient support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebClientCustomizer.class)
    static class WebClients {

        @Bean
        WebClientCustomizer circuitWebClientCustomizer(HostBreakers breakers) {
            CircuitExchangeFilter filter = new CircuitExchangeFilter(breakers);
            return builder -> builder.filter(filter);
        }
    }
}
