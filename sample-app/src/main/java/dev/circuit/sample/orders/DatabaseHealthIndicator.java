package dev.circuit.sample.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code db} component of {@code /actuator/health}, in place of Spring Boot's
 * {@code DataSourceHealthIndicator} (which Boot leaves out when a bean named {@code dbHealthIndicator}
 * exists). It answers the same way, with two differences that matter during an outage:
 * <ul>
 *   <li>it logs once per outage: the first failed check with its stack trace, and the first check that
 *       succeeds again, instead of a stack trace for every poll of the endpoint;</li>
 *   <li>its check of a connection ({@link Connection#isValid(int)}) gives up after
 *       {@value #VALIDITY_TIMEOUT_SECONDS} s, where Boot's waits without a limit of its own.</li>
 * </ul>
 */
@Component("dbHealthIndicator")
public class DatabaseHealthIndicator implements HealthIndicator {

    /** How long a connection's validity check may take. */
    static final int VALIDITY_TIMEOUT_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealthIndicator.class);

    private final DataSource dataSource;
    private final AtomicInteger failedChecks = new AtomicInteger();

    DatabaseHealthIndicator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes a connection from the pool and checks that the database answers on it.
     *
     * @return UP with the database's product name, or DOWN with the failure
     */
    @Override
    public Health health() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALIDITY_TIMEOUT_SECONDS)) {
                throw new SQLTimeoutException("the connection was not valid, or the database did not answer within "
                    + VALIDITY_TIMEOUT_SECONDS + "s");
            }
            String product = connection.getMetaData().getDatabaseProductName();
            int failed = failedChecks.getAndSet(0);
            if (failed > 0) {
                LOG.info("Database health check: UP again, after {} failed check(s)", failed);
            }
            return Health.up().withDetail("database", product).withDetail("validationQuery", "isValid()").build();
        } catch (SQLException | RuntimeException failure) {
            if (failedChecks.getAndIncrement() == 0) {
                LOG.warn("Database health check: DOWN ({}); further failures are not logged until it is UP again",
                    failure.toString(), failure);
            }
            return Health.down(failure).build();
        }
    }
}
