package dev.circuit.sample.orders;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.core.CircuitState;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /orders {"item": "book", "quantity": 2}} answers 201 with the stored order. With an
 * {@code Idempotency-Key} header the order is stored once per key: a retry with the same key and body
 * answers the stored order (200, {@code Idempotent-Replayed: true}) and stores nothing, the same key with
 * another body answers 422. {@code GET /orders/{id}} answers the order (header {@code X-Stale: true} when it
 * is the last known value because the database is out).
 *
 * <p>While the database is unavailable, writes (and reads of orders not in the cache) answer 503, a problem
 * detail with {@code Retry-After} (the circuit's next attempt when it knows one, {@code sample.orders.retry-after}
 * otherwise) that says what is known: {@code "stored": "no"} when the failure came before the commit, and
 * {@code "stored": "unknown"} when the commit itself failed (or, with a key, an earlier request's commit with
 * that key did), so that the client retries with the same key. A request whose key is being processed by
 * another request answers 409 Conflict and does nothing.
 * A bad body answers 400 naming the field ({@link dev.circuit.sample.web.ApiErrors}).
 */
@RestController
@RequestMapping("/orders")
public class OrderController implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(OrderController.class);

    /** The header naming an order's idempotency key. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** The header of an answer replayed for an idempotency key. */
    public static final String REPLAYED = "Idempotent-Replayed";

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
    private final AtomicBoolean outageTraced = new AtomicBoolean();

    OrderController(OrderService orders, CircuitBreakerRegistry breakers,
                    @Value("${sample.orders.retry-after:5s}") Duration defaultRetryAfter) {
        this.orders = orders;
        this.breakers = breakers;
        this.defaultRetryAfter = defaultRetryAfter;
    }

    /**
     * Listens to the database breaker alone, once every breaker is configured: when its circuit closes,
     * the outage is over, and the next failure's stack trace is logged.
     */
    @Override
    public void afterSingletonsInstantiated() {
        breakers.find("database").ifPresent(database -> database.addListener(new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
                if (transition.to() == CircuitState.CLOSED) {
                    outageTraced.set(false);
                }
            }
        }));
    }

    /**
     * Stores an order, once per idempotency key.
     *
     * @param request the order
     * @param key     the client's idempotency key, optional
     * @return 201 with the order, 200 for a replay, 400 for a bad request, 409 while the key is being processed,
     *     422 for a key used for another order
     */
    @PostMapping
    public ResponseEntity<Object> place(@Valid @RequestBody NewOrder request,
                                        @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String key) {
        String item = request.item().trim();
        IdempotencyKey idempotencyKey;
        try {
            idempotencyKey = key == null ? null : IdempotencyKey.of(key, item, request.quantity());
        } catch (IllegalArgumentException invalid) {
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request",
                invalid.getMessage()));
        }
        Placement placement = orders.place(item, request.quantity(), idempotencyKey);
        Order order = placement.order();
        return switch (placement.outcome()) {
            case CREATED -> ResponseEntity.created(location(order)).body(order);
            case REPLAYED -> ResponseEntity.ok().location(location(order)).header(REPLAYED, "true").body(order);
            case KEY_REUSED -> ResponseEntity.unprocessableContent().body(problem(HttpStatus.UNPROCESSABLE_CONTENT,
                "Idempotency-Key reused", "the Idempotency-Key '" + key + "' was sent with a different order;"
                    + " nothing was stored. Use a new key for a new order."));
        };
    }

    private static URI location(@Nullable Order order) {
        return URI.create("/orders/" + (order == null ? "" : order.id()));
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
     * The database circuit is open: nothing was tried.
     *
     * @param rejected the rejection
     * @param request  the request, to say what happened
     * @return 503
     */
    @ExceptionHandler(CircuitOpenException.class)
    public ResponseEntity<ProblemDetail> circuitOpen(CircuitOpenException rejected, HttpServletRequest request) {
        return unavailable(rejected.nextAttemptAt(), "the " + rejected.breakerName() + " is unavailable; "
            + whatHappened(request), rejected.state().name(), request, false);
    }

    /**
     * The database failed before the transaction could commit: nothing was stored.
     *
     * @param failure the failure
     * @param request the request, to say what happened
     * @return 503
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    public ResponseEntity<ProblemDetail> databaseFailed(NestedRuntimeException failure, HttpServletRequest request) {
        log(request, failure, failure.getMostSpecificCause(), whatHappened(request));
        CircuitSnapshot database = breakers.breaker("database").snapshot();
        return unavailable(database.nextAttemptAt(), "the database failed; " + whatHappened(request),
            database.state().name(), request, false);
    }

    /**
     * The commit failed: the order may be stored.
     *
     * @param failure the failure
     * @param request the request
     * @return 503 saying to retry with the same key
     */
    @ExceptionHandler(CommitOutcomeUnknownException.class)
    public ResponseEntity<ProblemDetail> commitFailed(CommitOutcomeUnknownException failure, HttpServletRequest request) {
        Throwable cause = failure.getCause() instanceof NestedRuntimeException nested
            ? nested.getMostSpecificCause() : failure.getCause();
        log(request, failure, cause, "the order may have been stored");
        CircuitSnapshot database = breakers.breaker("database").snapshot();
        return unavailable(database.nextAttemptAt(), failure.reason() + "; the order may have been"
            + " stored. Retry with the same Idempotency-Key: it is then stored exactly once.",
            database.state().name(), request, true);
    }

    /**
     * A request with the same idempotency key is being processed: this one did nothing, and cannot say
     * whether the order will be stored, so it answers neither 201 nor "stored: no".
     *
     * @param inFlight the refusal
     * @return 409 with {@code Retry-After}
     */
    @ExceptionHandler(KeyInFlightException.class)
    public ResponseEntity<ProblemDetail> keyInFlight(KeyInFlightException inFlight) {
        return ResponseEntity.status(HttpStatus.CONFLICT).header("Retry-After", "1")
            .body(problem(HttpStatus.CONFLICT, "Idempotency-Key in use", inFlight.getMessage()));
    }

    /**
     * One line per failed request; the first failure of an outage (the first since the database circuit
     * last closed) with its stack trace, the others without.
     */
    private void log(HttpServletRequest request, Throwable failure, Throwable cause, String outcome) {
        String line = request.getMethod() + " " + request.getRequestURI() + ": the database failed (" + cause
            + "); " + outcome;
        if (outageTraced.compareAndSet(false, true)) {
            LOG.warn(line, failure);
        } else {
            LOG.warn(line);
        }
    }

    private static String whatHappened(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) ? "the order could not be read" : "nothing was stored";
    }

    private ResponseEntity<ProblemDetail> unavailable(@Nullable Instant next, String detail, String circuit,
                                                      HttpServletRequest request, boolean mayBeStored) {
        Duration wait = next == null ? defaultRetryAfter : Duration.between(Instant.now(), next);
        long seconds = Math.max(1, (long) Math.ceil(wait.toMillis() / 1000.0));
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail);
        problem.setProperty("circuit", circuit);
        if (!"GET".equals(request.getMethod())) {
            problem.setProperty("stored", mayBeStored ? "unknown" : "no");
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", String.valueOf(seconds))
            .body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
