package com.example.quotes;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
public class QuoteController {

    private final PartnerQuotes quotes;

    public QuoteController(PartnerQuotes quotes) {
        this.quotes = quotes;
    }

    @GetMapping("/quotes/{item}")
    public Mono<Quote> quote(@PathVariable String item) {
        return quotes.quote(item);
    }

    @GetMapping("/quotes")
    public Flux<Quote> all() {
        return quotes.all();
    }
}
