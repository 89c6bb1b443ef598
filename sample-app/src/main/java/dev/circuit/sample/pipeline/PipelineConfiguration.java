package dev.circuit.sample.pipeline;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Predicate;

/** The {@code pipeline} breaker's result predicate: a batch with bad records is a failure. */
@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    /**
     * Named in {@code circuit.breakers.pipeline.result-predicate}.
     *
     * @return true for a batch that must not be loaded
     */
    @Bean
    public Predicate<Object> invalidBatch() {
        return result -> result instanceof Batch batch && !batch.isValid();
    }
}
