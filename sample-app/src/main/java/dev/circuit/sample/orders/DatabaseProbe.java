package dev.circuit.sample.orders;

import dev.circuit.core.RecoveryProbe;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * The {@code database} breaker's recovery probe ({@code circuit.breakers.database.recovery-probe}): a
 * validation query through the pool with a short timeout, so that no order is sacrificed to find out
 * whether the database is back.
 */
@Component("databaseProbe")
class DatabaseProbe implements RecoveryProbe {

    private final JdbcTemplate jdbc;

    DatabaseProbe(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(2);
    }

    @Override
    public boolean check() {
        Integer one = jdbc.queryForObject("SELECT 1", Integer.class);
        return one != null && one == 1;
    }
}
