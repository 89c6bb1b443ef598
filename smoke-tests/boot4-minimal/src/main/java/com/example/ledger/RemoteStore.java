package com.example.ledger;

import org.springframework.stereotype.Component;

import java.io.IOException;

/** The remote store; {@link #down} stands for its outage. */
@Component
public class RemoteStore {

    private volatile boolean down;

    public void write(String line) throws IOException {
        if (down) {
            throw new IOException("store unreachable");
        }
    }

    public void down(boolean down) {
        this.down = down;
    }
}
