package dev.circuit.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link AdaptiveThrottlingBenchmark} on two threads sharing the breaker. */
@Threads(2)
public class AdaptiveThrottlingTwoThreadsBenchmark extends AdaptiveThrottlingBenchmark {
}
