package dev.circuit.spring.annotation;

import org.springframework.context.annotation.Import;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Applies {@link CircuitProtected} in a Spring application without Spring Boot (with Boot, circuit's starter
 * does this and more). On a {@code @Configuration} class:
 *
 * <pre>{@code
 * @Configuration
 * @EnableCircuitProtection
 * class AppConfig {
 *
 *     @Bean
 *     CircuitBreakerRegistry circuitBreakerRegistry() {
 *         CircuitBreakerRegistry registry = CircuitBreakerRegistry.of();
 *         registry.breaker("partner", CircuitBreakerConfig.builder().failureThreshold(3).build());
 *         return registry;
 *     }
 * }
 * }</pre>
 *
 * <p>It registers what {@link CircuitProtectionConfiguration} holds (the advisor, the per-method protections
 * with their fallbacks, and the validator that fails start-up on an annotation that cannot be applied), an
 * auto-proxy creator for the advisor (Spring's infrastructure one, unless the application already has a
 * stronger one, such as {@code @EnableAspectJAutoProxy}'s), and each of these beans the application does not
 * define itself:
 * <ul>
 *   <li>a {@link dev.circuit.core.CircuitBreakerRegistry} with the engine's default configuration;</li>
 *   <li>a {@link BreakerLookup} that takes a breaker from that registry, creating it there with the registry's
 *       default configuration when the registry does not hold it yet (define a lookup of your own to refuse
 *       names you did not configure: start-up then fails on them);</li>
 *   <li>{@link ProtectionAnnotations} for {@code @CircuitProtected} alone.</li>
 * </ul>
 * A {@link CallObserver} bean, when the application has one, observes the protected calls. The advisor's order
 * is {@code circuit.aspect-order} in the application's {@code Environment}, {@link CircuitProtectedAdvisor#DEFAULT_ORDER}
 * without it: outside {@code @Transactional}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import({CircuitProtectionConfiguration.class, CircuitProtectionRegistrar.class})
public @interface EnableCircuitProtection {

    /**
     * Whether protected beans are proxied by subclassing (CGLIB) rather than through their interfaces, as
     * {@code proxyTargetClass} of Spring's own {@code @Enable...} annotations. {@code true} applies to every
     * bean the application's auto-proxy creator proxies, as theirs does.
     *
     * @return whether to proxy classes
     */
    boolean proxyTargetClass() default false;
}
