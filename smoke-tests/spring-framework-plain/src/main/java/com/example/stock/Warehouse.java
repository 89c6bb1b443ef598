package com.example.stock;

import org.springframework.stereotype.Component;

import java.io.IOException;

/** The remote warehouse; {@link #down} stands for its outage, {@link #calls} counts what reached it. */
@Component
public class Warehouse {

    private volatile boolean down;
    private int calls;

    public int count(String sku) throws IOException {
        calls++;
        if (down) {
            throw new IOException("warehouse unreachable");
        }
        return 12;
    }

    public void down(boolean down) {
        this.down = down;
    }

    public int calls() {
        return calls;
    }
}
