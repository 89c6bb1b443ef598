package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitOpenException;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.jspecify.annotations.Nullable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The fallback of one protected method: every overload of the named method that fits, found once at
 * start-up and ordered so that the first that takes an error is the most specific one.
 */
final class FallbackMethod {

    /**
     * Resilience4j's rejection, compared by name: {@link Resilience4jRejection} refers to Resilience4j's types,
     * so it is loaded only for a fallback that takes this one, which means that Resilience4j is present.
     */
    private static final String CALL_NOT_PERMITTED = "io.github.resilience4j.circuitbreaker.CallNotPermittedException";

    /**
     * One fitting overload; {@code errorType} is null when it takes no error. One that takes Resilience4j's
     * {@code CallNotPermittedException} gets circuit's rejections as that exception.
     */
    private record Candidate(Method method, @Nullable Class<?> errorType, boolean takesResilience4jRejection) {

        Candidate(Method method, @Nullable Class<?> errorType) {
            this(method, errorType, errorType != null && errorType.getName().equals(CALL_NOT_PERMITTED));
        }

        boolean takes(Throwable error) {
            return errorType == null || errorType.isInstance(error)
                || takesResilience4jRejection && error instanceof CircuitOpenException;
        }

        Object argument(Throwable error) {
            return takesResilience4jRejection && error instanceof CircuitOpenException rejection
                ? Resilience4jRejection.of(rejection) : error;
        }
    }

    private final List<Candidate> candidates;

    private FallbackMethod(List<Candidate> candidates) {
        this.candidates = candidates;
    }

    /**
     * Finds the fallback of a protected method.
     *
     * @param targetClass the bean's class
     * @param protectedMethod the protected method
     * @param name the fallback method's name
     * @return the fallback
     * @throws IllegalStateException when no method of that name fits, with what was expected and found
     */
    static FallbackMethod resolve(Class<?> targetClass, Method protectedMethod, String name) {
        List<Method> named = Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(targetClass))
            .filter(method -> method.getName().equals(name)).toList();
        List<Candidate> fitting = new ArrayList<>();
        for (Method method : named) {
            if (fits(method, protectedMethod)) {
                ReflectionUtils.makeAccessible(method);
                int count = method.getParameterCount();
                fitting.add(new Candidate(method, count > protectedMethod.getParameterCount()
                    ? method.getParameterTypes()[count - 1] : null));
            }
        }
        if (fitting.isEmpty()) {
            String parameters = Arrays.stream(protectedMethod.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", "));
            String found = named.isEmpty() ? "no method of that name"
                : named.stream().map(FallbackMethod::signature).collect(Collectors.joining("; "));
            throw new IllegalStateException("Fallback method '" + name + "' of @CircuitProtected "
                + targetClass.getSimpleName() + "." + protectedMethod.getName() + "(" + parameters + ") not found: expected "
                + protectedMethod.getReturnType().getSimpleName() + " " + name + "(" + parameters
                + (parameters.isEmpty() ? "" : ", ") + "[a Throwable type]) on " + targetClass.getName()
                + ", found " + found);
        }
        fitting.sort(Comparator.comparingInt(FallbackMethod::specificity).reversed());
        return new FallbackMethod(List.copyOf(fitting));
    }

    private static boolean fits(Method candidate, Method protectedMethod) {
        Class<?>[] expected = protectedMethod.getParameterTypes();
        Class<?>[] actual = candidate.getParameterTypes();
        boolean withError = actual.length == expected.length + 1
            && Throwable.class.isAssignableFrom(actual[actual.length - 1]);
        if (actual.length != expected.length && !withError) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!actual[i].equals(expected[i])) {
                return false;
            }
        }
        Class<?> returned = protectedMethod.getReturnType();
        return returned == void.class ? candidate.getReturnType() == void.class
            : ClassUtils.isAssignable(returned, candidate.getReturnType());
    }

    /** Deeper error types first; a fallback without an error parameter comes last. */
    private static int specificity(Candidate candidate) {
        int depth = 0;
        for (Class<?> type = candidate.errorType(); type != null; type = type.getSuperclass()) {
            depth++;
        }
        return depth;
    }

    private static String signature(Method method) {
        return method.getReturnType().getSimpleName() + " " + method.getName() + "(" + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Whether some overload takes this error.
     *
     * @param error the error
     * @return true when {@link #invoke(Object, Object[], Throwable)} will call a fallback
     */
    boolean handles(Throwable error) {
        return find(error) != null;
    }

    /**
     * Calls the most specific fallback that takes the error, or throws the error when none does.
     *
     * @param target the bean (not its proxy)
     * @param args   the protected call's arguments
     * @param error  the rejection or failure
     * @return what the fallback returned
     * @throws Throwable the error when no fallback takes it, or what the fallback threw
     */
    Object invoke(Object target, Object[] args, Throwable error) throws Throwable {
        Candidate candidate = find(error);
        if (candidate == null) {
            throw error;
        }
        Object[] callArgs = args;
        if (candidate.errorType() != null) {
            callArgs = Arrays.copyOf(args, args.length + 1);
            callArgs[args.length] = candidate.argument(error);
        }
        try {
            return candidate.method().invoke(target, callArgs);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }

    private Candidate find(Throwable error) {
        for (Candidate candidate : candidates) {
            if (candidate.takes(error)) {
                return candidate;
            }
        }
        return null;
    }
}
