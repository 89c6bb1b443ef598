package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * How one {@code @CircuitProtected} method is called, worked out once: its breaker, how its return
 * type is handled, and its fallback. Calls do no lookups, parsing or reflection; only a fallback
 * call uses reflection.
 */
abstract class ProtectedMethod {

    /** Stands for a method the aspect matched but that is not protected (a non-public method of an annotated class). */
    static final ProtectedMethod UNPROTECTED = new ProtectedMethod(null, null) {
        @Override
        Object invoke(MethodInvocation call) throws Throwable {
            return call.proceed();
        }
    };

    /** The method's breaker; only {@link #UNPROTECTED}, which never reads it, has none. */
    final CircuitBreaker breaker;
    final @Nullable FallbackMethod fallback;

    ProtectedMethod(@Nullable CircuitBreaker breaker, @Nullable FallbackMethod fallback) {
        this.breaker = breaker;
        this.fallback = fallback;
    }

    /**
     * Makes the protected call.
     *
     * @param call the intercepted call
     * @return its result, or the fallback's
     * @throws Throwable what the call or the fallback threw, unchanged
     */
    abstract Object invoke(MethodInvocation call) throws Throwable;

    /** Proceeds, with checked throwables that are not exceptions (there are none in practice) wrapped. */
    static Object proceed(MethodInvocation call) throws Exception {
        try {
            return call.proceed();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    /** Proceeds, for callers that cannot throw checked exceptions: those are wrapped in a CompletionException. */
    static Object proceedUnchecked(MethodInvocation call) {
        try {
            return proceed(call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Calls the fallback for an error of an asynchronous or reactive call, where what the fallback
     * throws must become that type's own error signal.
     *
     * @param call   the intercepted call
     * @param error  the rejection or failure
     * @param failed turns what the fallback threw into the returned type's error
     * @param <P>    the returned type: a stage, a Mono or a Flux
     * @return the fallback's result, or {@code failed}'s
     */
    @SuppressWarnings("unchecked")
    <P> P fallbackOr(MethodInvocation call, Throwable error, Function<Throwable, P> failed) {
        try {
            return (P) fallback.invoke(call.getThis(), call.getArguments(), error);
        } catch (Throwable fallbackError) {
            return failed.apply(fallbackError);
        }
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** A method returning a plain value or nothing. */
    static final class Blocking extends ProtectedMethod {

        private final @Nullable CallObserver observer;

        /**
         * @param observer observes each call, or null (then a call does no observation work)
         */
        Blocking(CircuitBreaker breaker, @Nullable FallbackMethod fallback, @Nullable CallObserver observer) {
            super(breaker, fallback);
            this.observer = observer;
        }

        @Override
        Object invoke(MethodInvocation call) throws Throwable {
            if (fallback == null) {
                return call(call);
            }
            try {
                return call(call);
            } catch (Throwable error) {
                return fallback.invoke(call.getThis(), call.getArguments(), error);
            }
        }

        private Object call(MethodInvocation call) throws Exception {
            return observer == null ? breaker.call(() -> proceed(call))
                : observer.observe(breaker, () -> breaker.call(() -> proceed(call)));
        }
    }

    /** A method returning a {@link CompletionStage}: the outcome is recorded when the stage completes. */
    static final class Async extends ProtectedMethod {

        Async(CircuitBreaker breaker, FallbackMethod fallback) {
            super(breaker, fallback);
        }

        @Override
        Object invoke(MethodInvocation call) {
            @SuppressWarnings("unchecked")
            CompletionStage<Object> stage = breaker.callAsync(() -> (CompletionStage<Object>) proceedUnchecked(call));
            if (fallback == null) {
                return stage;
            }
            return stage.exceptionallyCompose(error -> {
                Throwable cause = unwrap(error);
                if (!fallback.handles(cause)) {
                    return stage;
                }
                return this.<CompletionStage<Object>>fallbackOr(call, cause, fallbackError -> {
                    throw new CompletionException(fallbackError);
                });
            });
        }
    }
}
