package dev.circuit.spring.annotation;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;

import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * Applies {@link CircuitProtected} through Spring AOP, wherever the annotation is: on a method or a
 * class, or on an interface's method or the interface itself, so that it reaches every implementation
 * (a bean implementing the interface, an HTTP interface client, a Spring Data repository). Per call it
 * does two map lookups for the method's precomputed {@link ProtectedMethod} and hands the call to it.
 *
 * <p>Its order ({@code circuit.aspect-order}, default {@link #DEFAULT_ORDER}) puts it outside
 * {@code @Transactional} and other advice of default order: a rejected call opens no transaction, and
 * a failure to connect or commit counts as a failure of the call.
 */
public class CircuitProtectedAdvisor extends AbstractPointcutAdvisor {

    /** The default order: just outside advice of {@link Ordered#LOWEST_PRECEDENCE}, such as transactions. */
    public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    private final transient Supplier<ProtectedMethods> resolver;
    private transient volatile ProtectedMethods methods;
    private final transient Pointcut pointcut;
    private final transient MethodInterceptor interceptor;

    /**
     * Creates the advisor.
     *
     * @param methods gives the precomputed protections, asked for at the first protected call (so that
     *                creating the advisor, which happens early, creates no breaker)
     * @param order       its order among the advice of a bean
     * @param annotations the annotations it applies
     */
    public CircuitProtectedAdvisor(Supplier<ProtectedMethods> methods, int order, ProtectionAnnotations annotations) {
        this.resolver = methods;
        this.pointcut = new StaticMethodMatcherPointcut() {
            {
                // a class none of whose methods is protected is rejected at once, from the search the validator shares
                setClassFilter(type -> !annotations.protectedMethodsOf(type).isEmpty());
            }

            @Override
            public boolean matches(Method method, Class<?> targetClass) {
                return annotations.find(method, targetClass) != null;
            }
        };
        this.interceptor = this::protect;
        setOrder(order);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }

    /**
     * Protects a call of an annotated method.
     *
     * @param call the intercepted call
     * @return the call's result, or its fallback's
     * @throws Throwable what the call threw, unchanged, or {@link dev.circuit.core.CircuitOpenException}
     */
    private Object protect(MethodInvocation call) throws Throwable {
        Object target = call.getThis();
        Class<?> targetClass = target != null ? target.getClass() : call.getMethod().getDeclaringClass();
        ProtectedMethods known = methods;
        if (known == null) {
            known = resolver.get();
            methods = known;
        }
        return known.get(targetClass, call.getMethod()).invoke(call);
    }
}
