package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.alert.TransitionLogger;
import dev.circuit.spring.alert.WebhookAlerter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

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
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("circuit.alerts.webhook.url")
    public WebhookAlerter circuitWebhookAlerter(CircuitProperties properties) {
        CircuitProperties.Webhook webhook = properties.getAlerts().getWebhook();
        return new WebhookAlerter(webhook.uri(), webhook.getTimeout(), webhook.getRepeatInterval(), InstantSource.system());
    }
}
