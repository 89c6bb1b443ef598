package dev.circuit.sample.orders;

import dev.circuit.core.CircuitOpenException;
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
 * value because the database is out). While the database is unavailable, writes answer 503, with
 * {@code Retry-After} when the circuit knows when it will try again.
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

    /**
     * A new order.
     *
     * @param item     what to order
     * @param quantity how many, at least 1
     */
    public record NewOrder(String item, int quantity) {
    }

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /**
     * Stores an order.
     *
     * @param request the order
     * @return 201 with the order, or 400 for a bad request
     */
    @PostMapping
    public ResponseEntity<Object> place(@RequestBody NewOrder request) {
        if (request.item() == null || request.item().isBlank() || request.item().length() > 200 || request.quantity() < 1) {
            return ResponseEntity.badRequest().body(Map.of("error",
                "an order needs an item (1 to 200 characters) and a quantity of at least 1"));
        }
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
    public ResponseEntity<Map<String, Object>> circuitOpen(CircuitOpenException rejected) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE);
        Instant next = rejected.nextAttemptAt();
        if (next != null) {
            long seconds = Math.max(1, (long) Math.ceil(Duration.between(Instant.now(), next).toMillis() / 1000.0));
            response.header("Retry-After", String.valueOf(seconds));
        }
        return response.body(Map.of("error", "the " + rejected.breakerName() + " is unavailable; nothing was stored",
            "circuit", rejected.state().name()));
    }

    /**
     * The database failed: 503, nothing was stored.
     *
     * @param failure the failure
     * @return 503
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    public ResponseEntity<Map<String, Object>> databaseFailed(RuntimeException failure) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .body(Map.of("error", "the database failed; nothing was stored"));
    }
}
