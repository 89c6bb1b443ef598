package dev.circuit.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link CallsInFlightBenchmark} on four threads sharing each breaker (on two cores). */
@Threads(4)
public class CallsInFlightFourThreadsBenchmark extends CallsInFlightBenchmark {
}
