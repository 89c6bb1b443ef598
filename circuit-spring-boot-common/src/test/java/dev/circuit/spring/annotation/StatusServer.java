package dev.circuit.spring.annotation;

import com.sun.net.httpserver.HttpServer;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on loopback whose {@code /status} always answers 503, and the client interface for it. */
final class StatusServer implements AutoCloseable {

    /** A remote API as an HTTP interface client, protected by its interface's annotation. */
    @HttpExchange
    public interface StatusApi {
        /** @return the partner's status */
        @CircuitProtected("partner")
        @GetExchange("/status")
        String status();
    }

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private StatusServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    /** @return a started server */
    static StatusServer start() {
        try {
            return new StatusServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return its base URL */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return the requests it received */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
