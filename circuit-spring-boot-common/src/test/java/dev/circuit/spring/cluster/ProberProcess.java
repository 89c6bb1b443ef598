package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;

/**
 * A replica in a process of its own, for {@link FleetProberTest}: it joins the fleet, trips the database
 * breaker, then calls until it is let through as the probe, says so on standard output, and hangs in the
 * probe until it is killed.
 */
public final class ProberProcess {

    private ProberProcess() {
    }

    /**
     * @param args the Redis port, the namespace
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FleetTest.App.class).web(WebApplicationType.NONE)
            .properties(FleetProberTest.properties(Integer.parseInt(args[0]), args[1]))
            .run();
        CircuitBreaker database = context.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow();
        for (int i = 0; i < 2; i++) {
            try {
                database.call(() -> {
                    throw new IOException("connection refused");
                });
            } catch (IOException expected) {
                // tripping it
            }
        }
        System.out.println("TRIPPED");
        for (;;) {
            try {
                database.call(() -> {
                    System.out.println("PROBING");
                    Thread.sleep(Long.MAX_VALUE); // a probe that never returns: the process dies in it
                    return null;
                });
            } catch (CircuitOpenException rejected) {
                Thread.sleep(20);
            }
        }
    }
}
