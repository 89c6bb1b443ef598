package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.boot.config.BreakerConfigFactory;
import dev.circuit.spring.http.HostBreakers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;


/**
 * A breaker per remote host for every {@code RestClient} and {@code WebClient} built from Spring
 * Boot's builders, with {@code circuit.http-client.enabled=true}: no user code, one customiser each
 * ({@link CircuitHttpClientCustomizers}, the part each Boot line writes with its own customiser types).
 */
@AutoConfiguration(after = CircuitAutoConfiguration.class, beforeName = {
    "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
    "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
    "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
    "org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration"})
@ConditionalOnBean(ConfiguredBreakers.class)
@ConditionalOnBooleanProperty("circuit.http-client.enabled")
@Import(CircuitHttpClientCustomizers.class)
public class CircuitHttpClientAutoConfiguration {

    /**
     * The host breakers.
     *
     * @param registry   the registry
     * @param configs    resolves {@code circuit.http-client.base-config}
     * @param properties the bound properties
     * @return the host breakers
     */
    @Bean
    @ConditionalOnMissingBean
    public HostBreakers circuitHostBreakers(CircuitBreakerRegistry registry, BreakerConfigFactory configs,
                                            CircuitProperties properties) {
        CircuitProperties.HttpClient http = properties.getHttpClient();
        CircuitBreakerConfig config = configs.defaults();
        if (http.getBaseConfig() != null) {
            config = configs.sharedConfig(http.getBaseConfig());
            if (config == null) {
                throw new InvalidConfigurationException("circuit.http-client.base-config", http.getBaseConfig(),
                    "the name of a configuration under circuit.configs " + properties.getConfigs().keySet());
            }
        }
        return new HostBreakers(registry, config, http.getMaxBreakers(), http.failureStatusTest());
    }
}
