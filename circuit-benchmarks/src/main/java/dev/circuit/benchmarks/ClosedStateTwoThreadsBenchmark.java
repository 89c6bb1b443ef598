package dev.circuit.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link ClosedStateBenchmark} on two threads sharing each breaker (this machine has two cores). */
@Threads(2)
public class ClosedStateTwoThreadsBenchmark extends ClosedStateBenchmark {
}
