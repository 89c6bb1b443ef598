package dev.circuit.core.internal;

import dev.circuit.core.ErrorCategory;
import dev.circuit.core.ErrorClassifier;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The default {@link ErrorClassifier}: knows the JDK's network, timeout and rejection exceptions and
 * the {@code java.sql} types and SQL states, and walks the cause chain.
 */
public final class DefaultErrorClassifier implements ErrorClassifier {

    /** The shared instance. */
    public static final DefaultErrorClassifier INSTANCE = new DefaultErrorClassifier();

    private static final int MAX_CAUSE_DEPTH = 32;

    private DefaultErrorClassifier() {
    }

    @Override
    public ErrorCategory classify(Throwable error) {
        boolean sawSql = false;
        // The depth limit also ends cause chains that loop back on themselves.
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            ErrorCategory category = classifyOne(current);
            if (category != null) {
                return category;
            }
            sawSql |= current instanceof SQLException;
            current = current.getCause();
        }
        return sawSql ? ErrorCategory.DATABASE : ErrorCategory.UNKNOWN;
    }

    /** The specific category of one throwable, ignoring its causes, or null when none is known. */
    private static ErrorCategory classifyOne(Throwable t) {
        if (t instanceof SQLException sql) {
            return classifySql(sql);
        }
        if (t instanceof SocketTimeoutException || t instanceof TimeoutException
            || isNamed(t, "java.net.http.HttpTimeoutException")) {
            return ErrorCategory.TIMEOUT;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
            || t instanceof PortUnreachableException || t instanceof SocketException
            || t instanceof ClosedChannelException) {
            return ErrorCategory.CONNECTION;
        }
        if (t instanceof InterruptedIOException) {
            return ErrorCategory.TIMEOUT;
        }
        if (t instanceof RejectedExecutionException || t instanceof OutOfMemoryError) {
            return ErrorCategory.RESOURCE;
        }
        if (isNamed(t, "javax.security.auth.login.LoginException")
            || isNamed(t, "javax.naming.AuthenticationException")) {
            return ErrorCategory.AUTHENTICATION;
        }
        return null;
    }

    private static ErrorCategory classifySql(SQLException sql) {
        if (sql instanceof SQLTimeoutException) {
            return ErrorCategory.TIMEOUT;
        }
        if (sql instanceof SQLInvalidAuthorizationSpecException) {
            return ErrorCategory.AUTHENTICATION;
        }
        if (sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException) {
            return ErrorCategory.CONNECTION;
        }
        if (sql instanceof SQLSyntaxErrorException || sql instanceof java.sql.SQLDataException
            || sql instanceof java.sql.SQLIntegrityConstraintViolationException
            || sql instanceof java.sql.SQLFeatureNotSupportedException) {
            return ErrorCategory.QUERY;
        }
        return classifySqlState(sql.getSQLState());
    }

    /** SQL states by class (the first two characters), as drivers report them in a plain SQLException. */
    private static ErrorCategory classifySqlState(String state) {
        if (state == null || state.length() < 2) {
            return null;
        }
        if (state.equals("57014")) {
            return ErrorCategory.TIMEOUT; // query cancelled, usually by a statement timeout
        }
        return switch (state.substring(0, 2)) {
            case "08" -> ErrorCategory.CONNECTION;
            case "28" -> ErrorCategory.AUTHENTICATION;
            case "22", "23", "42", "0A" -> ErrorCategory.QUERY;
            case "53" -> ErrorCategory.RESOURCE;
            default -> null;
        };
    }

    /** Whether the throwable is, or extends, the named class (for types outside java.base). */
    private static boolean isNamed(Throwable t, String className) {
        for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
