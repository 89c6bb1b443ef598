package dev.circuit.spring.alert;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts a Slack-compatible message ({@code {"text": "..."}}) to a webhook when a circuit opens and
 * when it recovers. Sending is asynchronous, with a timeout: it never blocks or fails the protected
 * call. Alerts are delivered one after the other, in the order of the transitions. A failed delivery
 * is logged and counted.
 */
public class WebhookAlerter implements CircuitListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlerter.class);

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    /**
     * Creates the alerter.
     *
     * @param url     the webhook URL
     * @param timeout how long one delivery may take
     */
    public WebhookAlerter(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        String text;
        if (transition.to() == CircuitState.OPEN || transition.to() == CircuitState.FORCED_OPEN) {
            text = ":red_circle: Circuit '" + breaker.name() + "' is " + transition.to() + ": " + transition.reason()
                + nextAttempt(breaker);
        } else if (transition.to() == CircuitState.CLOSED && transition.from() != CircuitState.CLOSED) {
            text = ":large_green_circle: Circuit '" + breaker.name() + "' recovered (" + transition.from()
                + " -> CLOSED): " + transition.reason();
        } else {
            return;
        }
        send(text);
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
            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + escape(text) + "\"}"))
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

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
