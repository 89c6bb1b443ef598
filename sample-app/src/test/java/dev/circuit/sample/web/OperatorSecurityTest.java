package dev.circuit.sample.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's password is required outside the demo profile; there is no default. */
class OperatorSecurityTest {

    @Test
    void withoutAPasswordTheApplicationDoesNotStart() {
        assertThatThrownBy(() -> new OperatorSecurity().operator("operator", " "))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("sample.operator.password is not set");
    }
}
