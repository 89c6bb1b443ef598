package com.example.ledger;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Exports ledger lines to a remote store; lines that cannot be sent are kept for later. */
@Service
public class LedgerExport {

    private final RemoteStore store;
    private final List<String> kept = new ArrayList<>();

    public LedgerExport(RemoteStore store) {
        this.store = store;
    }

    @CircuitProtected(value = "metrics_export", fallbackMethod = "keep")
    public String export(String line) throws IOException {
        store.write(line);
        return "sent";
    }

    String keep(String line, CircuitOpenException rejected) {
        kept.add(line);
        return "kept: circuit open until " + rejected.nextAttemptAt();
    }

    String keep(String line, IOException failure) {
        kept.add(line);
        return "kept: " + failure.getMessage();
    }

    public List<String> kept() {
        return List.copyOf(kept);
    }
}
