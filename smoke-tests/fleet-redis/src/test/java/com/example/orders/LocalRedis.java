package com.example.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's {@code redis-server} on a free loopback port, without persistence, in a temporary folder. When it is
 * not installed, tests that need it fail on CI ({@code CI=true}) and are skipped elsewhere. The system property
 * {@code redis-server} names another binary.
 */
final class LocalRedis implements AutoCloseable {

    private static final Path BINARY = Path.of(System.getProperty("redis-server", "/usr/bin/redis-server"));

    private final int port;
    private final Path folder;
    private final Process process;

    private LocalRedis(int port, Path folder, Process process) {
        this.port = port;
        this.folder = folder;
        this.process = process;
    }

    /** Starts one and waits until it answers PING. */
    static LocalRedis start() throws IOException, InterruptedException {
        String missing = BINARY + " is not installed (Debian: apt-get install redis-server); this test needs a real Redis";
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            assumeTrue(false, missing + ": skipped (set CI=true to make this a failure)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path folder = Files.createTempDirectory("redis");
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", folder.toString()))
            .redirectErrorStream(true).redirectOutput(folder.resolve("redis.log").toFile()).start();
        LocalRedis redis = new LocalRedis(port, folder, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Files.readString(folder.resolve("redis.log"));
                redis.close();
                throw new IllegalStateException("redis-server exited at start:\n" + log);
            }
            if (redis.answersPing()) {
                return redis;
            }
            Thread.sleep(50);
        }
        redis.close();
        throw new IllegalStateException("redis-server did not answer on 127.0.0.1:" + port + " within 10 s");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /** Stops the server and removes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
