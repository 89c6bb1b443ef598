package dev.circuit.sample.pipeline;

import dev.circuit.core.CircuitOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Pulls a batch, validates it, loads it if it is good. Bad data trips the {@code pipeline} breaker,
 * which uses manual recovery: nothing more is pulled or loaded until an operator resets it with
 * {@code POST /actuator/circuitbreakers/pipeline {"action": "RESET"}}, and the webhook alerter tells
 * the operators.
 */
@Component
public class IngestionJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestionJob.class);

    private final PipelineSource source;
    private final IngestedRecords records;
    private final AtomicLong loadedBatches = new AtomicLong();
    private final AtomicLong rejectedBatches = new AtomicLong();
    private volatile boolean stopped;

    IngestionJob(PipelineSource source, IngestedRecords records) {
        this.source = source;
        this.records = records;
    }

    /** One round: pull, validate, load. */
    @Scheduled(fixedDelayString = "${sample.pipeline.interval}")
    public void ingest() {
        Batch batch;
        try {
            batch = source.fetch();
        } catch (CircuitOpenException open) {
            if (!stopped) {
                LOG.warn("Pipeline stopped: circuit {} is {}; reset it once the data is fixed", open.breakerName(), open.state());
                stopped = true;
            }
            return;
        } catch (RuntimeException e) {
            LOG.warn("Pipeline: could not pull a batch: {}", e.toString());
            return;
        }
        stopped = false;
        if (batch == null || !batch.isValid()) {
            rejectedBatches.incrementAndGet();
            LOG.error("Pipeline: rejected a batch with bad records: {}", batch);
            return;
        }
        try {
            records.load(batch);
            loadedBatches.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("Pipeline: could not load a batch, it will be pulled again: {}", e.toString());
        }
    }

    /** @return batches loaded */
    public long loadedBatches() {
        return loadedBatches.get();
    }

    /** @return batches rejected for bad data */
    public long rejectedBatches() {
        return rejectedBatches.get();
    }
}
