package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FallbackMethodTest {

    /** A bean with a protected method and fallbacks of every kind. */
    static class Orders {

        public String find(long id) throws IOException {
            return "order " + id;
        }

        String anyError(long id, Throwable error) {
            return "any " + id + " " + error.getClass().getSimpleName();
        }

        String byError(long id, IOException error) {
            return "io " + id;
        }

        String byError(long id, FileNotFoundException error) {
            return "missing " + id;
        }

        String byError(long id, CircuitOpenException rejected) {
            return "open " + id;
        }

        String noError(long id) {
            return "no error " + id;
        }

        String noError(long id, IllegalStateException error) {
            return "state " + id;
        }

        String failing(long id, IOException error) throws IOException {
            throw new IOException("fallback failed too");
        }

        Integer wrongType(long id) {
            return 0;
        }

        String wrongParameters(int id) {
            return "";
        }

        public List<String> all() {
            return List.of();
        }

        List<String> none() {
            return List.of();
        }

        public void send(String message) {
        }

        String sendFallback(String message) {
            return "";
        }
    }

    private static final Orders ORDERS = new Orders();
    private static final Object[] ARGS = {7L};

    private static Method find() throws NoSuchMethodException {
        return Orders.class.getMethod("find", long.class);
    }

    @Test
    void theMostSpecificOverloadForTheErrorIsCalledWithTheArgumentsAndTheError() throws Throwable {
        FallbackMethod fallback = FallbackMethod.resolve(Orders.class, find(), "byError");

        assertThat(fallback.invoke(ORDERS, ARGS, new FileNotFoundException())).isEqualTo("missing 7");
        assertThat(fallback.invoke(ORDERS, ARGS, new IOException())).isEqualTo("io 7");
        assertThat(fallback.invoke(ORDERS, ARGS, new CircuitOpenException("db", CircuitState.OPEN, Instant.EPOCH))).isEqualTo("open 7");
    }

    @Test
    void anErrorNoOverloadTakesIsThrownUnchanged() throws Throwable {
        FallbackMethod fallback = FallbackMethod.resolve(Orders.class, find(), "byError");
        IllegalArgumentException error = new IllegalArgumentException("bad id");

        assertThat(fallback.handles(error)).isFalse();
        assertThatThrownBy(() -> fallback.invoke(ORDERS, ARGS, error)).isSameAs(error);
    }

    @Test
    void anOverloadWithoutAnErrorTakesEveryErrorAfterTheOnesThatNameTheirs() throws Throwable {
        FallbackMethod fallback = FallbackMethod.resolve(Orders.class, find(), "noError");

        assertThat(fallback.invoke(ORDERS, ARGS, new IllegalStateException())).isEqualTo("state 7");
        assertThat(fallback.invoke(ORDERS, ARGS, new IOException())).isEqualTo("no error 7");
        assertThat(FallbackMethod.resolve(Orders.class, find(), "anyError").invoke(ORDERS, ARGS, new IOException()))
            .isEqualTo("any 7 IOException");
    }

    @Test
    void whatTheFallbackThrowsIsThrown() throws Throwable {
        FallbackMethod fallback = FallbackMethod.resolve(Orders.class, find(), "failing");

        assertThatThrownBy(() -> fallback.invoke(ORDERS, ARGS, new IOException("call failed")))
            .isInstanceOf(IOException.class).hasMessage("fallback failed too");
    }

    @Test
    void aFallbackThatDoesNotFitIsRefusedSayingWhatWasExpectedAndFound() throws NoSuchMethodException {
        assertThatThrownBy(() -> FallbackMethod.resolve(Orders.class, find(), "wrongType"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("Fallback method 'wrongType' of @CircuitProtected Orders.find(long) not found: expected"
                + " String wrongType(long, [a Throwable type]) on " + Orders.class.getName() + ", found Integer wrongType(long)");
        assertThatThrownBy(() -> FallbackMethod.resolve(Orders.class, find(), "wrongParameters"))
            .hasMessageEndingWith("found String wrongParameters(int)");
        assertThatThrownBy(() -> FallbackMethod.resolve(Orders.class, find(), "absent"))
            .hasMessageEndingWith("found no method of that name");
        Method all = Orders.class.getMethod("all");
        assertThat(FallbackMethod.resolve(Orders.class, all, "none").handles(new IOException())).isTrue();
        Method send = Orders.class.getMethod("send", String.class);
        assertThatThrownBy(() -> FallbackMethod.resolve(Orders.class, send, "sendFallback"))
            .hasMessageContaining("expected void sendFallback(String, [a Throwable type])");
    }
}
