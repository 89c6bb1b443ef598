package dev.circuit.sample;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole sample on a real web server, quiet by default: the scheduled jobs wait an hour between
 * runs and Kafka points at a closed port. A test switches on what it exercises with
 * {@code @TestPropertySource}, which wins over these defaults, and registers its port and database
 * with {@link SampleTestProperties}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
    "sample.kafka.relay-interval=1h",
    "sample.pipeline.interval=1h",
    "sample.monitoring.interval=1h",
    "spring.kafka.bootstrap-servers=127.0.0.1:9",
})
public @interface SampleApplicationTest {
}
