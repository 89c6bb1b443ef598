package dev.circuit.core.internal;

import dev.circuit.core.ErrorCategory;
import dev.circuit.core.ErrorClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import javax.security.auth.login.LoginException;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultErrorClassifierTest {

    static Stream<Arguments> failures() {
        return Stream.of(
            Arguments.of(new ConnectException("Connection refused"), ErrorCategory.CONNECTION),
            Arguments.of(new UnknownHostException("db.internal"), ErrorCategory.CONNECTION),
            Arguments.of(new NoRouteToHostException(), ErrorCategory.CONNECTION),
            Arguments.of(new SocketTimeoutException("Read timed out"), ErrorCategory.TIMEOUT),
            Arguments.of(new TimeoutException(), ErrorCategory.TIMEOUT),
            Arguments.of(new HttpTimeoutException("request timed out"), ErrorCategory.TIMEOUT),
            Arguments.of(new RejectedExecutionException("queue full"), ErrorCategory.RESOURCE),
            Arguments.of(new LoginException("bad password"), ErrorCategory.AUTHENTICATION),
            Arguments.of(new SQLTimeoutException("statement timeout"), ErrorCategory.TIMEOUT),
            Arguments.of(new SQLInvalidAuthorizationSpecException("password authentication failed"), ErrorCategory.AUTHENTICATION),
            Arguments.of(new SQLTransientConnectionException("pool timeout"), ErrorCategory.CONNECTION),
            Arguments.of(new SQLSyntaxErrorException("syntax error at or near SELEC"), ErrorCategory.QUERY),
            Arguments.of(new SQLException("connection failure", "08006"), ErrorCategory.CONNECTION),
            Arguments.of(new SQLException("password authentication failed", "28P01"), ErrorCategory.AUTHENTICATION),
            Arguments.of(new SQLException("relation does not exist", "42P01"), ErrorCategory.QUERY),
            Arguments.of(new SQLException("duplicate key", "23505"), ErrorCategory.QUERY),
            Arguments.of(new SQLException("too many connections", "53300"), ErrorCategory.RESOURCE),
            Arguments.of(new SQLException("canceling statement due to statement timeout", "57014"), ErrorCategory.TIMEOUT),
            Arguments.of(new SQLRecoverableException("deadlock", "40P01"), ErrorCategory.DATABASE),
            Arguments.of(new SQLException("no state"), ErrorCategory.DATABASE),
            Arguments.of(new IllegalStateException("boom"), ErrorCategory.UNKNOWN),
            Arguments.of(new IOException("broken"), ErrorCategory.UNKNOWN),
            // cause chains: the first specific category wins, however deep
            Arguments.of(new RuntimeException("wrapper", new UncheckedIOException(new ConnectException("refused"))),
                ErrorCategory.CONNECTION),
            Arguments.of(new ExecutionException(new SQLException("wrapped", "08001")), ErrorCategory.CONNECTION),
            Arguments.of(new SQLException("generic", new SocketTimeoutException("read")), ErrorCategory.TIMEOUT),
            Arguments.of(new IllegalStateException("wrapper", new SQLException("generic")), ErrorCategory.DATABASE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void classifiesJdkAndSqlFailuresThroughTheCauseChain(Throwable failure, ErrorCategory expected) {
        assertThat(ErrorClassifier.defaults().classify(failure)).isEqualTo(expected);
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(ErrorClassifier.defaults().classify(b)).isEqualTo(ErrorCategory.UNKNOWN);
    }
}
