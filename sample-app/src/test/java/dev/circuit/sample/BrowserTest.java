package dev.circuit.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;

/** A test of the status page: each test opens it in a fresh Chromium and closes it after. */
abstract class BrowserTest {

    /** The page of the sample under test. */
    StatusPage page;

    /** @return the sample's port */
    abstract int port();

    @BeforeEach
    void openBrowser() throws IOException {
        page = new StatusPage(port());
    }

    @AfterEach
    void closeBrowser() {
        if (page != null) {
            page.close();
        }
    }
}
