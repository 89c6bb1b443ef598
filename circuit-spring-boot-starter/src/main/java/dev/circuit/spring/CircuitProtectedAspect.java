package dev.circuit.spring;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;

/**
 * Applies {@link CircuitProtected} through Spring AOP. Per call it does two map lookups for the
 * method's precomputed {@link ProtectedMethod} and hands the call to it.
 */
@Aspect
public class CircuitProtectedAspect {

    private final ProtectedMethods methods;

    /**
     * Creates the aspect.
     *
     * @param methods the precomputed protections
     */
    public CircuitProtectedAspect(ProtectedMethods methods) {
        this.methods = methods;
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
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : call.getSignature().getDeclaringType();
        return methods.get(targetClass, ((MethodSignature) call.getSignature()).getMethod()).invoke(call);
    }
}
