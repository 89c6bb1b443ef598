package dev.circuit.spring.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
    private final List<String> options = new ArrayList<>();
    private Process process;

    RedisServer() throws IOException {
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(Files.isExecutable(BINARY), BINARY + " missing (Debian's redis-server; .ci/run installs it)");
        }
        this.port = freePortBelowTheEphemeralRange();
        this.folder = Files.createTempDirectory("redis");
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up): a client that reconnects again and again to
     * a stopped server on an ephemeral port can end up connected to itself (TCP self-connect), and would
     * take that for the server being back.
     */
    private static int freePortBelowTheEphemeralRange() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    int port() {
        return port;
    }

    /**
     * A replica of another server.
     *
     * @param primary the server it replicates
     * @return this server, not started
     */
    RedisServer replicaOf(RedisServer primary) {
        options.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port())));
        return this;
    }

    /**
     * A sentinel (redis-server in sentinel mode) watching a primary as {@code mymaster}, alone deciding a
     * failover one second after the primary stops answering.
     *
     * @param primary the primary
     * @return this server, not started
     * @throws IOException when its configuration cannot be written
     */
    RedisServer sentinelOf(RedisServer primary) throws IOException {
        Path config = folder.resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
            "port " + port, "bind 127.0.0.1", "dir " + folder,
            "sentinel monitor mymaster 127.0.0.1 " + primary.port() + " 1",
            "sentinel down-after-milliseconds mymaster 1000",
            "sentinel failover-timeout mymaster 5000",
            "sentinel parallel-syncs mymaster 1", ""));
        options.addAll(List.of(config.toString(), "--sentinel"));
        return this;
    }

    /** Kills the process at once (SIGKILL), as a crashed host would. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        if (options.contains("--sentinel")) {
            command.addAll(options); // the configuration file first, then --sentinel
        } else {
            command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", folder.toString()));
            command.addAll(options);
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve("redis.log").toFile()).start();
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

    /** Stops the process without closing its connections (SIGSTOP): a Redis that hangs. */
    void hang() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a hung process go on (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " failed");
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }
}
