package dev.circuit.sample.orders;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitSnapshot;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /orders {"item": "book", "quantity": 2}} answers 201 with the stored order;
 * {@code GET /orders/{id}} answers the order (header {@code X-Stale: true} when it is the last known
 * value because the database is out). While the database is unavailable, writes (and reads of
 * orders not in the cache) answer 503 with {@code Retry-After}: the circuit's next attempt when it
 * knows one, {@code sample.orders.retry-after} (5 s) otherwise. A bad body answers 400 with a problem
 * detail naming the field ({@link dev.circuit.sample.web.ApiErrors}).
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private static final Logger LOG = LoggerFactory.getLogger(OrderController.class);

    /**
     * A new order.
     *
     * @param item     what to order, 1 to 200 characters
     * @param quantity how many, a whole number from 1 to 10,000
     */
    public record NewOrder(@NotBlank @Size(max = 200) String item, @NotNull @Min(1) @Max(10_000) Integer quantity) {
    }

    private final OrderService orders;
    private final CircuitBreakerRegistry breakers;
    private final Duration defaultRetryAfter;

    OrderController(OrderService orders, CircuitBreakerRegistry breakers,
                    @Value("${sample.orders.retry-after:5s}") Duration defaultRetryAfter) {
        this.orders = orders;
        this.breakers = breakers;
        this.defaultRetryAfter = defaultRetryAfter;
    }

    /**
     * Stores an order.
     *
     * @param request the order
     * @return 201 with the order, or 400 for a bad request
     */
    @PostMapping
    public ResponseEntity<Object> place(@Valid @RequestBody NewOrder request) {
        Order order = orders.place(request.item().trim(), request.quantity());
        return ResponseEntity.created(URI.create("/orders/" + order.id())).body(order);
    }

    /**
     * Reads an order.
     *
     * @param id the order's id
     * @return the order, or 404
     */
    @GetMapping("/{id}")
    public ResponseEntity<Order> find(@PathVariable long id) {
        return orders.find(id)
            .map(read -> ResponseEntity.ok().header("X-Stale", String.valueOf(read.stale())).body(read.order()))
            .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /**
     * The database circuit is open: 503 with the time of the next attempt.
     *
     * @param rejected the rejection
     * @return 503
     */
    @ExceptionHandler(CircuitOpenException.class)
    public ResponseEntity<Map<String, Object>> circuitOpen(CircuitOpenException rejected, HttpServletRequest request) {
        return unavailable(rejected.nextAttemptAt(), "the " + rejected.breakerName() + " is unavailable; "
            + whatHappened(request), rejected.state().name());
    }

    /**
     * The database failed: 503 with the time of the next attempt when this failure opened the circuit.
     *
     * @param failure the failure
     * @param request the request, to say what happened
     * @return 503
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    public ResponseEntity<Map<String, Object>> databaseFailed(NestedRuntimeException failure, HttpServletRequest request) {
        LOG.warn("{} {}: the database failed ({}); {}", request.getMethod(), request.getRequestURI(),
            failure.getMostSpecificCause(), whatHappened(request));
        CircuitSnapshot database = breakers.breaker("database").snapshot();
        return unavailable(database.nextAttemptAt(), "the database failed; " + whatHappened(request),
            database.state().name());
    }

    private static String whatHappened(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) ? "the order could not be read" : "nothing was stored";
    }

    private ResponseEntity<Map<String, Object>> unavailable(Instant next, String error, String circuit) {
        Duration wait = next == null ? defaultRetryAfter : Duration.between(Instant.now(), next);
        long seconds = Math.max(1, (long) Math.ceil(wait.toMillis() / 1000.0));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", String.valueOf(seconds))
            .body(Map.of("error", error, "circuit", circuit));
    }
}
