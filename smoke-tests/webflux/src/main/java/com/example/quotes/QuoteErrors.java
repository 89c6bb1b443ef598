package com.example.quotes;

import dev.circuit.core.CircuitOpenException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.function.client.WebClientException;

import java.time.Duration;
import java.time.Instant;

/** What callers get when a protected call without a fallback fails or is rejected. */
@RestControllerAdvice
public class QuoteErrors {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(CircuitOpenException rejected) {
        long seconds = Math.max(1, Duration.between(Instant.now(), rejected.nextAttemptAt()).toSeconds());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
            "circuit " + rejected.breakerName() + " is open, next try at " + rejected.nextAttemptAt());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> failed(WebClientException failure) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
            .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "partner failed: " + failure.getMessage()));
    }
}
