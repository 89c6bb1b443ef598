package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.RecoveryProbe;
import dev.circuit.spring.recovery.RecoveryProbeScheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;

/**
 * Runs the recovery probes of breakers that have one ({@code circuit.breakers.X.recovery-probe}), in an application
 * that has a {@link RecoveryProbe} bean: the properties, and retuning at run time, can name only such beans.
 */
@AutoConfiguration(after = CircuitAutoConfiguration.class)
@ConditionalOnBean({ConfiguredBreakers.class, RecoveryProbe.class})
public class CircuitRecoveryProbeAutoConfiguration {

    /**
     * The scheduler of probes, a listener of every breaker; none in an application without a probe to run.
     *
     * @param schedulers the application's task scheduler, used when there is exactly one
     * @return the scheduler of probes
     */
    @Bean
    @ConditionalOnMissingBean
    public RecoveryProbeScheduler circuitRecoveryProbeScheduler(ObjectProvider<TaskScheduler> schedulers) {
        return new RecoveryProbeScheduler(schedulers::getIfUnique);
    }
}
