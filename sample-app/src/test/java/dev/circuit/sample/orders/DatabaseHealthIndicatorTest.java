package dev.circuit.sample.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseHealthIndicatorTest {

    private final DataSource dataSource = mock(DataSource.class);
    private final DatabaseHealthIndicator indicator = new DatabaseHealthIndicator(dataSource);

    private Connection validConnection() throws Exception {
        Connection connection = mock(Connection.class);
        DatabaseMetaData metaData = mock(DatabaseMetaData.class);
        when(metaData.getDatabaseProductName()).thenReturn("PostgreSQL");
        when(connection.getMetaData()).thenReturn(metaData);
        when(connection.isValid(DatabaseHealthIndicator.VALIDITY_TIMEOUT_SECONDS)).thenReturn(true);
        return connection;
    }

    @Test
    void aDatabaseThatAnswersIsUpAndTheConnectionGoesBack() throws Exception {
        Connection connection = validConnection();
        when(dataSource.getConnection()).thenReturn(connection);

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("database", "PostgreSQL").containsEntry("validationQuery", "isValid()");
        verify(connection).close();
    }

    @Test
    void aConnectionThatIsNotValidInTimeIsDown() throws Exception {
        Connection connection = mock(Connection.class);
        when(connection.isValid(DatabaseHealthIndicator.VALIDITY_TIMEOUT_SECONDS)).thenReturn(false);
        when(dataSource.getConnection()).thenReturn(connection);

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString()).contains("did not answer within 1s");
        verify(connection).close();
    }

    @Test
    void anOutageIsLoggedOnceWithItsTraceAndTheRecoveryOnce(CapturedOutput output) throws Exception {
        Connection connection = validConnection();
        when(dataSource.getConnection())
            .thenThrow(new SQLTransientConnectionException("HikariPool-1 - Connection is not available"))
            .thenThrow(new SQLTransientConnectionException("HikariPool-1 - Connection is not available"))
            .thenThrow(new SQLTransientConnectionException("HikariPool-1 - Connection is not available"))
            .thenReturn(connection)
            .thenReturn(connection)
            .thenThrow(new SQLTransientConnectionException("the second outage"))
            .thenThrow(new SQLTransientConnectionException("the second outage"));

        for (int poll = 0; poll < 3; poll++) {
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString()).contains("Connection is not available");
        }
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

        assertThat(output.getOut().lines().filter(line -> line.contains("Database health check"))).satisfiesExactly(
            first -> assertThat(first).contains("WARN", "DOWN", "Connection is not available", "not logged until it is UP"),
            recovery -> assertThat(recovery).contains("INFO", "UP again, after 3 failed check(s)"),
            second -> assertThat(second).contains("WARN", "DOWN", "the second outage"));
        assertThat(output.getOut().lines().filter(line -> line.startsWith("java.sql.SQLTransientConnectionException")))
            .hasSize(2); // one stack trace per outage
    }
}
