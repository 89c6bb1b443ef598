package dev.circuit.benchmarks;

import dev.circuit.spring.annotation.CircuitProtected;
import dev.circuit.spring.boot.actuate.CircuitBreakerMetrics;
import dev.circuit.spring.boot.autoconfigure.CircuitAlertsAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitMetricsAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotation path: the same trivial bean method called through a Spring AOP proxy with
 * {@code @CircuitProtected}, with Resilience4j's {@code @CircuitBreaker}, with a no-op {@code @Around}
 * aspect (the floor of any proxy-based approach), and unproxied. One Spring Boot context holds all four.
 * With {@code meters=none} neither library's metrics are bound, so both do the same work; with
 * {@code meters=prometheus} circuit's meters are bound to a Prometheus registry, as in every application
 * with the actuator and Prometheus (the default configuration: no call timer). {@code observations}
 * switches {@code circuit.observations.enabled}.
 */
@State(Scope.Benchmark)
public class AnnotationBenchmark extends JmhSettings {

    /** Marks the method of the no-op aspect. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Noop {
    }

    /** An {@code @Around} advice that only proceeds. */
    @Aspect
    public static class NoopAspect {
        @Around("@annotation(dev.circuit.benchmarks.AnnotationBenchmark.Noop)")
        public Object around(ProceedingJoinPoint call) throws Throwable {
            return call.proceed();
        }
    }

    /** The unproxied bean. */
    public static class PlainService {
        private final Object value = new Object();

        public Object work() {
            return value;
        }
    }

    /** Protected by circuit. */
    public static class CircuitService {
        private final Object value = new Object();

        @CircuitProtected("bench")
        public Object work() {
            return value;
        }
    }

    /** Protected by Resilience4j. */
    public static class Resilience4jService {
        private final Object value = new Object();

        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "bench")
        public Object work() {
            return value;
        }
    }

    /** Behind the no-op aspect. */
    public static class NoopService {
        private final Object value = new Object();

        @Noop
        public Object work() {
            return value;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({AopAutoConfiguration.class, CircuitAutoConfiguration.class,
        CircuitAopAutoConfiguration.class, CircuitAlertsAutoConfiguration.class, CircuitMetricsAutoConfiguration.class,
        CircuitBreakerAutoConfiguration.class})
    static class App {
        @Bean
        PlainService plainService() {
            return new PlainService();
        }

        @Bean
        CircuitService circuitService() {
            return new CircuitService();
        }

        @Bean
        Resilience4jService resilience4jService() {
            return new Resilience4jService();
        }

        @Bean
        NoopService noopService() {
            return new NoopService();
        }

        @Bean
        NoopAspect noopAspect() {
            return new NoopAspect();
        }

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(context -> true);
            return registry;
        }
    }

    /** Whether circuit's meters are bound to a Prometheus registry. */
    @Param({"none", "prometheus"})
    public String meters;

    /**
     * Whether {@code circuit.observations.enabled} is on; the observation registry has one handler that
     * takes every observation and does nothing, so that the observation machinery itself is measured.
     */
    @Param({"off", "on"})
    public String observations;

    private ConfigurableApplicationContext context;
    private PlainService plain;
    private CircuitService circuit;
    private Resilience4jService resilience4j;
    private NoopService noop;

    @Setup
    public void start() {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        context = application.run("--circuit.create-missing-breakers=true", "--logging.level.root=WARN",
            "--circuit.observations.enabled=" + observations.equals("on"));
        plain = context.getBean(PlainService.class);
        circuit = context.getBean(CircuitService.class);
        resilience4j = context.getBean(Resilience4jService.class);
        noop = context.getBean(NoopService.class);
        if (meters.equals("prometheus")) {
            context.getBean(CircuitBreakerMetrics.class).bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }
        if (AopUtils.isAopProxy(plain) || !AopUtils.isAopProxy(circuit) || !AopUtils.isAopProxy(resilience4j)
            || !AopUtils.isAopProxy(noop)) {
            throw new IllegalStateException("the proxies are not as expected");
        }
    }

    @TearDown
    public void stop() {
        context.close();
    }

    @Benchmark
    public Object unproxied() {
        return plain.work();
    }

    @Benchmark
    public Object noopAspect() {
        return noop.work();
    }

    @Benchmark
    public Object circuit() {
        return circuit.work();
    }

    @Benchmark
    public Object resilience4j() {
        return resilience4j.work();
    }
}
