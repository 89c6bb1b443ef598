package dev.circuit.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample on a real PostgreSQL server (Debian's, started on loopback for the test class), chosen with
 * nothing but the usual {@code spring.datasource.*} properties. Outside CI a test is skipped when
 * PostgreSQL is not installed. Each class's application is closed after it, since its server is gone then: a cached
 * application would go on polling a stopped database and write into the next class's log.
 */
@SampleApplicationTest
@DirtiesContext
@TestPropertySource(properties = {
    "spring.datasource.username=sample",
    "spring.datasource.password="
})
abstract class PostgresSampleTest {

    static int port;
    static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        Path installation = PostgresServer.installation();
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(installation != null, "PostgreSQL is not installed");
        }
        postgres = PostgresServer.start(installation);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "unused");
        registry.add("spring.datasource.url", () -> postgres.jdbcUrl());
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
