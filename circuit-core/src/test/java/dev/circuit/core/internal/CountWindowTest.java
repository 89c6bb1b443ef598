package dev.circuit.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountWindowTest {

    @Test
    void countsTheLastNOutcomes() {
        CountWindow window = new CountWindow(3);
        window.record(true, false);
        window.record(false, true);
        assertThat(window.calls()).isEqualTo(2);
        assertThat(window.failures()).isEqualTo(1);
        assertThat(window.slowCalls()).isEqualTo(1);

        window.record(true, true);
        window.record(false, false); // replaces the first failure
        assertThat(window.calls()).isEqualTo(3);
        assertThat(window.failures()).isEqualTo(1);
        assertThat(window.slowCalls()).isEqualTo(2);
    }

    @Test
    void decodesFieldsThatAreBrieflyNegative() {
        long packed = 5 + (-1L << 21) + (3L << 42); // calls 5, failures -1 (a difference on its way), slow 3
        assertThat(CountWindow.field(packed, 0)).isEqualTo(5);
        assertThat(CountWindow.field(packed, 1)).isZero(); // clamped
        assertThat(CountWindow.field(packed, 2)).isEqualTo(3);

        long large = 1_000_000 + (999_999L << 21) + (1L << 42);
        assertThat(CountWindow.field(large, 0)).isEqualTo(1_000_000);
        assertThat(CountWindow.field(large, 1)).isEqualTo(999_999);
        assertThat(CountWindow.field(large, 2)).isEqualTo(1);
    }
}
