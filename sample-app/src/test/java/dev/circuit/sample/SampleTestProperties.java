package dev.circuit.sample;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Gives each test's application its own port, its own in-memory database and URLs of the in-app
 * stand-ins on that port. Everything stays on loopback.
 */
public final class SampleTestProperties {

    /** The operator's password of every test application (outside the demo profile). */
    public static final String OPERATOR_PASSWORD = "test-operator-secret";

    private SampleTestProperties() {
    }

    /**
     * Registers the properties of one test application.
     *
     * @param registry the test's dynamic properties
     * @param database a name for its in-memory database
     * @return the port the application will listen on
     */
    public static int register(DynamicPropertyRegistry registry, String database) {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        registry.add("server.port", () -> port);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
        registry.add("sample.monitoring.downstream-url", () -> base + "/stub/downstream/health");
        registry.add("sample.monitoring.collector-url", () -> base + "/stub/collector/metrics");
        registry.add("sample.pipeline.source-url", () -> base + "/stub/source/records");
        registry.add("circuit.alerts.webhook.url", () -> base + "/stub/alerts");
        registry.add("sample.operator.password", () -> OPERATOR_PASSWORD);
        return port;
    }

    /** @return a port nothing listens on right now */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
