package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.spring.annotation.StatusServer.StatusApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.CrudRepository;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @CircuitProtected} on interfaces that Spring implements, on both Boot lines: an HTTP interface
 * client made by {@code HttpServiceProxyFactory}, against a real HTTP server on loopback that fails, and a
 * Spring Data JDBC repository on H2 whose connections fail. (Boot 4's {@code @ImportHttpServices} clients
 * are tested in that starter.)
 */
class InterfaceClientsTest {

    /** A row of the repository ({@code @Table}: Spring Data JDBC's own, as more than one Spring Data module is present). */
    @Table("ITEM")
    public record Item(@Id Long id, String name) {
    }

    /** A Spring Data repository, protected as a whole. */
    @CircuitProtected("database")
    public interface ItemRepository extends CrudRepository<Item, Long> {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableJdbcRepositories(considerNestedRepositories = true, basePackageClasses = InterfaceClientsTest.class)
    static class App {
        static final AtomicBoolean DATABASE_DOWN = new AtomicBoolean();

        @Bean
        StatusApi statusApi(@Value("${partner.url}") String url) {
            return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(RestClient.create(url))).build()
                .createClient(StatusApi.class);
        }

        /** Makes the database's connections fail on demand, as a database outage does. */
        @Bean
        static BeanPostProcessor failingConnections() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (!(bean instanceof DataSource dataSource)) {
                        return bean;
                    }
                    return new DelegatingDataSource(dataSource) {
                        @Override
                        public Connection getConnection() throws java.sql.SQLException {
                            if (DATABASE_DOWN.get()) {
                                throw new SQLTransientConnectionException("connection refused");
                            }
                            return super.getConnection();
                        }
                    };
                }
            };
        }
    }

    private StatusServer server;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() {
        server = StatusServer.start();
        App.DATABASE_DOWN.set(false);
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
            .properties("partner.url=" + server.url(),
                "circuit.breakers.partner.failure-threshold=2", "circuit.breakers.database.failure-threshold=2",
                "spring.data.redis.repositories.enabled=false",
                "spring.datasource.url=jdbc:h2:mem:items;DB_CLOSE_DELAY=-1",
                "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:items.sql")
            .run();
    }

    @AfterEach
    void stop() {
        context.close();
        server.close();
    }

    private CircuitSnapshot snapshot(String name) {
        return context.getBean(CircuitBreakerRegistry.class).find(name).orElseThrow().snapshot();
    }

    @Test
    void anHttpInterfaceClientStopsCallingAFailingServer() {
        StatusApi api = context.getBean(StatusApi.class);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(api::status).isInstanceOf(org.springframework.web.client.HttpServerErrorException.class);
        }
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(api::status).isInstanceOf(CircuitOpenException.class);
        }
        assertThat(server.requests()).isEqualTo(2);
        assertThat(snapshot("partner").rejected()).isEqualTo(5);
    }

    @Test
    void aSpringDataRepositoryIsProtectedByItsInterfacesAnnotation() {
        ItemRepository items = context.getBean(ItemRepository.class);
        Item saved = items.save(new Item(null, "book"));
        assertThat(items.findById(saved.id())).contains(saved);
        assertThat(snapshot("database").successes()).isEqualTo(2);

        App.DATABASE_DOWN.set(true);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(items::count).isNotInstanceOf(CircuitOpenException.class);
        }
        assertThatThrownBy(items::count).isInstanceOf(CircuitOpenException.class);
        assertThat(snapshot("database").failures()).isEqualTo(2);
    }
}
