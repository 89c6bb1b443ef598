package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.alert.TransitionLogger;
import dev.circuit.spring.alert.WebhookAlerter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;

/** Logging of every transition, and the webhook alerter when {@code circuit.alerts.webhook.url} is set. */
@AutoConfiguration(after = CircuitAutoConfiguration.class)
@ConditionalOnBean(ConfiguredBreakers.class)
public class CircuitAlertsAutoConfiguration {

    /** @return the logger of transitions, attached to every breaker as a listener bean */
    @Bean
    @ConditionalOnMissingBean
    public TransitionLogger circuitTransitionLogger() {
        return new TransitionLogger();
    }

    /**
     * The webhook alerter, attached to every breaker as a listener bean.
     *
     * @param properties the bound properties
     * @return the alerter
     * @throws InvalidConfigurationException when the URL is not an absolute http(s) URL
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("circuit.alerts.webhook.url")
    public WebhookAlerter circuitWebhookAlerter(CircuitProperties properties) {
        CircuitProperties.Webhook webhook = properties.getAlerts().getWebhook();
        URI url;
        try {
            url = URI.create(webhook.getUrl());
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new InvalidConfigurationException("circuit.alerts.webhook.url", webhook.getUrl(), "an absolute http or https URL");
        }
        if (webhook.getTimeout() == null || webhook.getTimeout().isNegative() || webhook.getTimeout().isZero()) {
            throw new InvalidConfigurationException("circuit.alerts.webhook.timeout", webhook.getTimeout(), "a positive duration");
        }
        Duration repeat = webhook.getRepeatInterval();
        if (repeat == null || repeat.isNegative()) {
            throw new InvalidConfigurationException("circuit.alerts.webhook.repeat-interval", repeat,
                "a duration >= 0; 0 sends no reminders");
        }
        return new WebhookAlerter(url, webhook.getTimeout(), repeat, InstantSource.system());
    }
}
