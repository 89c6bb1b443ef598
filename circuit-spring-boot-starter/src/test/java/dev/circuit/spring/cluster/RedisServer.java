package dev.circuit.spring.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Redis (Debian's redis-server, installed by .ci/run) on a free loopback port, persistence off,
 * in a temporary folder; it can be stopped and started again on the same port. Outside CI, tests that
 * need it are skipped when it is not installed.
 */
final class RedisServer {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private final Path folder;
    private Process process;

    RedisServer() throws IOException {
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(Files.isExecutable(BINARY), BINARY + " missing (Debian's redis-server; .ci/run installs it)");
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = socket.getLocalPort();
        }
        this.folder = Files.createTempDirectory("redis");
    }

    int port() {
        return port;
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", folder.toString())
            .redirectErrorStream(true).redirectOutput(folder.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }
}
