package dev.circuit.spring.autoconfigure;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.config.BreakerConfigFactory;
import dev.circuit.spring.http.CircuitExchangeFilter;
import dev.circuit.spring.http.CircuitRequestInterceptor;
import dev.circuit.spring.http.HostBreakers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A breaker per remote host for every {@code RestClient} and {@code WebClient} built from Spring
 * Boot's builders, with {@code circuit.http-client.enabled=true}: no user code, one customiser each.
 */
@AutoConfiguration(after = CircuitAutoConfiguration.class, beforeName = {
    "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
    "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration"})
@ConditionalOnBean(ConfiguredBreakers.class)
@ConditionalOnBooleanProperty("circuit.http-client.enabled")
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
        if (http.getMaxBreakers() < 1) {
            throw new InvalidConfigurationException("circuit.http-client.max-breakers", http.getMaxBreakers(),
                "an integer >= 1");
        }
        CircuitBreakerConfig config = configs.defaults();
        if (http.getBaseConfig() != null) {
            config = configs.sharedConfig(http.getBaseConfig());
            if (config == null) {
                throw new InvalidConfigurationException("circuit.http-client.base-config", http.getBaseConfig(),
                    "the name of a configuration under circuit.configs " + properties.getConfigs().keySet());
            }
        }
        return new HostBreakers(registry, config, http.getMaxBreakers(), failureStatuses(http.getFailureStatuses()));
    }

    /** Parses {@code 503} and {@code 5xx} entries into one test. */
    static IntPredicate failureStatuses(List<String> entries) {
        List<IntPredicate> tests = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim().toLowerCase(java.util.Locale.ROOT);
            if (entry.matches("[1-5]xx")) {
                int series = entry.charAt(0) - '0';
                tests.add(status -> status / 100 == series);
            } else if (entry.matches("[1-5][0-9][0-9]")) {
                int code = Integer.parseInt(entry);
                tests.add(status -> status == code);
            } else {
                throw new InvalidConfigurationException("circuit.http-client.failure-statuses[" + i + "]", entries.get(i),
                    "an HTTP status code such as 503, or a class such as 5xx");
            }
        }
        return status -> tests.stream().anyMatch(test -> test.test(status));
    }

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
