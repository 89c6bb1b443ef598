package com.example.quotes;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The partner's quotes, over WebClient, behind the "partner" breaker. */
@Service
public class PartnerQuotes {

    private final WebClient partner;

    public PartnerQuotes(WebClient.Builder builder, @Value("${partner.url}") String partnerUrl) {
        this.partner = builder.baseUrl(partnerUrl).build();
    }

    /** One quote; a failure or a rejection is answered by a fallback. */
    @CircuitProtected(value = "partner", fallbackMethod = "noQuote")
    public Mono<Quote> quote(String item) {
        return partner.get().uri("/quotes/{item}", item).retrieve().bodyToMono(Quote.class);
    }

    Mono<Quote> noQuote(String item, CircuitOpenException rejected) {
        return Mono.just(new Quote(item, null, "partner circuit open, next try at " + rejected.nextAttemptAt()));
    }

    Mono<Quote> noQuote(String item, WebClientException failure) {
        return Mono.just(new Quote(item, null, "partner failed: " + failure.getMessage()));
    }

    /** Every quote, as a stream; no fallback: failures and rejections reach the caller (see QuoteErrors). */
    @CircuitProtected("partner")
    public Flux<Quote> all() {
        return partner.get().uri("/quotes").retrieve().bodyToFlux(Quote.class);
    }
}
