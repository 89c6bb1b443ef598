package dev.circuit.spring.alert;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts a Slack-compatible message ({@code {"text": "..."}}) to a webhook once per outage: when a
 * circuit opens, and when it closes again. While it stays open, each failed recovery (a failed probe,
 * HALF_OPEN to OPEN) is counted, and a reminder with that count is posted at most once every
 * {@code repeatInterval} (zero: never). Sending is asynchronous, with a timeout: it never blocks or
 * fails the protected call. Alerts are delivered one after the other, in the order of the transitions.
 * A failed delivery is logged and counted.
 */
public class WebhookAlerter implements CircuitListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlerter.class);

    /** One breaker's outage: how many recoveries failed, and when it was last alerted. */
    private static final class Outage {
        private int failedRecoveries;
        private Instant lastAlert;
    }

    private final URI url;
    private final Duration timeout;
    private final Duration repeatInterval;
    private final InstantSource clock;
    private final HttpClient client;
    private final Map<String, Outage> outages = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    /**
     * Creates the alerter.
     *
     * @param url            the webhook URL
     * @param timeout        how long one delivery may take
     * @param repeatInterval the shortest time between two reminders of an open circuit; zero for none
     * @param clock          the time of alerts
     */
    public WebhookAlerter(URI url, Duration timeout, Duration repeatInterval, InstantSource clock) {
        this.url = url;
        this.timeout = timeout;
        this.repeatInterval = repeatInterval;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public synchronized void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        String name = breaker.name();
        Outage outage = outages.get(name);
        if (transition.to().isOpen() && outage == null) {
            outage = new Outage();
            outages.put(name, outage);
            alert(outage, ":red_circle: Circuit '" + name + "' is " + transition.to() + ": " + transition.reason()
                + nextAttempt(breaker));
        } else if (transition.to().isOpen() && transition.from() == CircuitState.HALF_OPEN) {
            outage.failedRecoveries++;
            if (!repeatInterval.isZero() && !clock.instant().isBefore(outage.lastAlert.plus(repeatInterval))) {
                alert(outage, ":red_circle: Circuit '" + name + "' is still open after " + recoveries(outage)
                    + ": " + transition.reason() + nextAttempt(breaker));
            }
        } else if (transition.to() == CircuitState.CLOSED && outage != null) {
            outages.remove(name);
            alert(outage, ":large_green_circle: Circuit '" + name + "' recovered (" + transition.from() + " -> CLOSED"
                + (outage.failedRecoveries == 0 ? "" : " after " + recoveries(outage)) + "): " + transition.reason());
        }
    }

    private void alert(Outage outage, String text) {
        outage.lastAlert = clock.instant();
        send(text);
    }

    private static String recoveries(Outage outage) {
        return outage.failedRecoveries + (outage.failedRecoveries == 1 ? " failed recovery" : " failed recoveries");
    }

    private static String nextAttempt(CircuitBreaker breaker) {
        var next = breaker.snapshot().nextAttemptAt();
        return next == null ? "; waiting for an operator to reset it" : "; next attempt at " + next;
    }

    /**
     * Sends one message asynchronously, after the messages before it.
     *
     * @param text the message
     */
    synchronized void send(String text) {
        previous = previous.thenCompose(done -> deliver(text));
    }

    private CompletableFuture<Void> deliver(String text) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("text", text))))
            .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
            .handle((response, error) -> {
                if (error == null && response.statusCode() / 100 == 2) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    LOG.warn("Circuit alert to {} failed: {}", url,
                        error != null ? error.toString() : "HTTP " + response.statusCode());
                }
                return null;
            });
    }

    /** @return alerts delivered */
    public long sentCount() {
        return sent.get();
    }

    /** @return alerts that could not be delivered */
    public long failedCount() {
        return failed.get();
    }
}
