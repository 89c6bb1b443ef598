package dev.circuit.spring.boot;

import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.ApplicationContext;

import java.util.Map;

/**
 * What the common tests need that Spring Boot 4 names differently from 3.5: the one place the test
 * suite shared by both starters reads a Boot line's own types.
 */
public final class BootLine {

    /** Boot's health contributor type, to hide it from a class loader. */
    public static final Class<?> HEALTH_CONTRIBUTOR = HealthContributor.class;
    /** Boot's auto-configuration of {@code RestClient.Builder}. */
    public static final Class<?> REST_CLIENT_AUTO_CONFIGURATION = RestClientAutoConfiguration.class;
    /** Boot's auto-configuration of {@code WebClient.Builder}. */
    public static final Class<?> WEB_CLIENT_AUTO_CONFIGURATION = WebClientAutoConfiguration.class;
    /** Boot's customizer of {@code WebClient.Builder}, to hide it from a class loader. */
    public static final Class<?> WEB_CLIENT_CUSTOMIZER = WebClientCustomizer.class;

    private BootLine() {
    }

    /**
     * @param context the application
     * @param bean    a health indicator's bean name
     * @return what the indicator reports now
     */
    public static Reading health(ApplicationContext context, String bean) {
        var health = context.getBean(bean, HealthIndicator.class).health();
        return new Reading(health.getStatus().getCode(), health.getDetails());
    }

    /**
     * A health indicator's report.
     *
     * @param status  its status code
     * @param details its details
     */
    public record Reading(String status, Map<String, Object> details) {
    }
}
