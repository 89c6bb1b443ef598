package dev.circuit.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from Debian's packages, on loopback, in a temporary directory.
 * PostgreSQL refuses to run as root, so as root (as in CI) it runs as the {@code postgres} user.
 */
final class PostgresServer implements AutoCloseable {

    private final Path bin;
    private final Path directory;
    private final int port;

    private PostgresServer(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
    }

    /** @return the directory of the newest installed PostgreSQL's programs, or null */
    static Path installation() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                .max(Path::compareTo).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a cluster with a trusted user {@code sample} and starts it.
     *
     * @param bin the programs' directory
     * @return the running server
     */
    static PostgresServer start(Path bin) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("circuit-postgres");
        int port = SampleTestProperties.freePort();
        PostgresServer server = new PostgresServer(bin, directory, port);
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", directory.toString()));
        }
        server.asOwner(bin.resolve("initdb").toString(), "-D", directory.resolve("data").toString(), "-A", "trust",
            "-U", "sample", "--no-sync");
        server.restart();
        return server;
    }

    /** Starts the server again on the same port and data, after {@link #stop()}. */
    void restart() throws IOException, InterruptedException {
        asOwner(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-w", "-t", "60",
            "-l", directory.resolve("server.log").toString(), "-o",
            "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops the server as an administrator would ({@code pg_ctl stop -m fast}): connections are terminated. */
    void stop() throws IOException, InterruptedException {
        asOwner(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    /**
     * Freezes the server as a hung machine would: every one of its processes is stopped with {@code SIGSTOP}
     * (the postmaster first, so that it starts no new one). Connections stay open and nothing answers; new
     * connections wait in the kernel's backlog.
     */
    void freeze() throws IOException, InterruptedException {
        ProcessHandle postmaster = postmaster();
        signal("STOP", List.of(postmaster));
        signal("STOP", postmaster.descendants().toList());
    }

    /** Lets a {@link #freeze() frozen} server run again ({@code SIGCONT}). */
    void thaw() throws IOException, InterruptedException {
        ProcessHandle postmaster = postmaster();
        signal("CONT", postmaster.descendants().toList());
        signal("CONT", List.of(postmaster));
    }

    private ProcessHandle postmaster() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(directory.resolve("data/postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new IOException("PostgreSQL (pid " + pid + ") is not running"));
    }

    /** Sends a signal through the shell's own {@code kill}, which needs no package beyond the shell. */
    private static void signal(String signal, List<ProcessHandle> processes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "kill -" + signal + " \"$@\"", "kill"));
        processes.forEach(process -> command.add(String.valueOf(process.pid())));
        run(command);
    }

    /** @return the JDBC URL of the {@code postgres} database */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        asOwner(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "immediate", "stop");
        run(List.of("rm", "-rf", directory.toString()));
    }

    private void asOwner(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        run(full);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
