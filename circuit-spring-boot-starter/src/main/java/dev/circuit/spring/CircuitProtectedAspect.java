package dev.circuit.spring;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.core.Ordered;

/**
 * Applies {@link CircuitProtected} through Spring AOP. Per call it does two map lookups for the
 * method's precomputed {@link ProtectedMethod} and hands the call to it.
 *
 * <p>Its order ({@code circuit.aspect-order}, default {@link #DEFAULT_ORDER}) puts it outside
 * {@code @Transactional} and other advice of default order: a rejected call opens no transaction, and
 * a failure to connect or commit counts as a failure of the call.
 */
@Aspect
public class CircuitProtectedAspect implements Ordered {

    /** The default order: just outside advice of {@link Ordered#LOWEST_PRECEDENCE}, such as transactions. */
    public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    private final ProtectedMethods methods;
    private final int order;

    /**
     * Creates the aspect.
     *
     * @param methods the precomputed protections
     * @param order   its order among the advice of a bean
     */
    public CircuitProtectedAspect(ProtectedMethods methods, int order) {
        this.methods = methods;
        this.order = order;
    }

    @Override
    public int getOrder() {
        return order;
    }

    /**
     * Protects a call of an annotated method, or of a method of an annotated class.
     *
     * @param call the intercepted call
     * @return the call's result, or its fallback's
     * @throws Throwable what the call threw, unchanged, or {@link dev.circuit.core.CircuitOpenException}
     */
    @Around("@annotation(dev.circuit.spring.CircuitProtected) || @within(dev.circuit.spring.CircuitProtected)")
    public Object protect(ProceedingJoinPoint call) throws Throwable {
        Object target = call.getTarget();
        Class<?> targetClass = target != null ? target.getClass() : call.getSignature().getDeclaringType();
        return methods.get(targetClass, ((MethodSignature) call.getSignature()).getMethod()).invoke(call);
    }
}
