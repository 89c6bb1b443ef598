package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call takes no lock: no {@code synchronized}, no {@code java.util.concurrent.locks}, no
 * {@code Object.wait} in the sources a call runs through, so a virtual thread in a protected call never
 * blocks on the breaker (on Java 24+ a monitor no longer pins a carrier, so {@link VirtualThreadsTest}'s JFR
 * check alone could not show this). Only management operations serialise their writers: the registry's
 * creation and reconfiguration of breakers, and adding or removing a listener.
 */
class NoLocksTest {

    /** Sources whose locks serialise management operations, never a call. */
    private static final List<String> MANAGEMENT = List.of("CircuitBreakerRegistry.java", "ListenerSet.java");

    private static final Pattern LOCKING = Pattern.compile(
        "\\bsynchronized\\b|java\\.util\\.concurrent\\.locks|\\.wait\\(|\\bLockSupport\\b");

    @Test
    void theEngineSourcesTakeNoLock() throws IOException {
        List<String> locking;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            locking = sources.filter(path -> path.toString().endsWith(".java"))
                .filter(path -> !MANAGEMENT.contains(path.getFileName().toString())).flatMap(path -> {
                try {
                    return Files.readAllLines(path).stream().filter(line -> LOCKING.matcher(line).find())
                        .map(line -> path.getFileName() + ": " + line.trim());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(locking).isEmpty();
    }
}
