package dev.circuit.sample.chaos;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Puts the database fault at the JDBC boundary: every {@link DataSource} hands out connections only
 * when the {@code database} fault does not strike, and fails like an unreachable server otherwise.
 */
@Component
public class ChaosDataSource implements BeanPostProcessor {

    private final ObjectProvider<Chaos> chaos;

    ChaosDataSource(ObjectProvider<Chaos> chaos) {
        this.chaos = chaos;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !(bean instanceof Faulty)) {
            return new Faulty(dataSource, chaos);
        }
        return bean;
    }

    /** A DataSource that fails when the fault strikes. */
    static final class Faulty extends DelegatingDataSource {

        private final ObjectProvider<Chaos> chaos;

        Faulty(DataSource target, ObjectProvider<Chaos> chaos) {
            super(target);
            this.chaos = chaos;
        }

        @Override
        public Connection getConnection() throws SQLException {
            check();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            check();
            return super.getConnection(username, password);
        }

        private void check() throws SQLException {
            if (chaos.getObject().strikes("database")) {
                throw new SQLTransientConnectionException("chaos: connection to the database refused", "08001");
            }
        }
    }
}
