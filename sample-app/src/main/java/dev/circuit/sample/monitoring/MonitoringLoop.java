package dev.circuit.sample.monitoring;

import dev.circuit.core.CircuitOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every few seconds: checks the downstream service and pushes a small metrics payload. When a
 * circuit is open, or a call fails, it logs a warning and carries on: monitoring degrades, the
 * service does not. Its state is in {@code /actuator/circuitbreakers} and {@code /actuator/health}
 * ({@code health_check}, {@code metrics_export}) and in {@link #runs()}.
 */
@Component
public class MonitoringLoop {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringLoop.class);

    private final DownstreamHealthCheck healthCheck;
    private final MetricsPusher pusher;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong degradedRuns = new AtomicLong();

    MonitoringLoop(DownstreamHealthCheck healthCheck, MetricsPusher pusher) {
        this.healthCheck = healthCheck;
        this.pusher = pusher;
    }

    /** One round: check, then push; neither stops the other or the loop. */
    @Scheduled(fixedDelayString = "${sample.monitoring.interval}")
    public void run() {
        boolean degraded = false;
        String downstream;
        try {
            downstream = healthCheck.check();
        } catch (RuntimeException e) {
            degraded = true;
            downstream = "unknown";
            warn("downstream health check", e);
        }
        try {
            pusher.push("{\"time\":\"" + Instant.now() + "\",\"run\":" + (runs.get() + 1)
                + ",\"downstreamUp\":" + !"unknown".equals(downstream) + "}");
        } catch (RuntimeException e) {
            degraded = true;
            warn("metrics push", e);
        }
        runs.incrementAndGet();
        if (degraded) {
            degradedRuns.incrementAndGet();
        }
    }

    private static void warn(String what, RuntimeException e) {
        if (e instanceof CircuitOpenException open) {
            LOG.warn("Monitoring: {} skipped: {}", what, open.getMessage());
        } else {
            LOG.warn("Monitoring: {} failed: {}", what, e.toString());
        }
    }

    /** @return rounds completed */
    public long runs() {
        return runs.get();
    }

    /** @return rounds in which a check or a push did not happen */
    public long degradedRuns() {
        return degradedRuns.get();
    }
}
