package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CircuitProtected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application starts with the starter whichever optional library it lacks, and its fallbacks that take
 * exceptions work: each run is a real application on a class path without that library's jars (a filtering
 * class loader cannot show this, since circuit's own classes would still link against the library through
 * the test's class loader; {@code WithoutLibraryConditionsTest} checks the conditions that way).
 */
class OptionalLibrariesTest {

    /** A protected method whose fallbacks take exceptions, as the README's first example does. */
    public static class Prices {

        /**
         * @return never: the partner is down
         * @throws IOException always
         */
        @CircuitProtected(value = "database", fallbackMethod = "noPrice")
        public String price() throws IOException {
            throw new IOException("partner down");
        }

        String noPrice(CircuitOpenException rejected) {
            return "open";
        }

        String noPrice(IOException failure) {
            return "failed: " + failure.getMessage();
        }
    }

    /** The application, started inside the reduced class path. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Prices.class)
    public static class App {

        /**
         * @return the names of circuit's beans, once started, and then what six calls of the fallback gave
         */
        public static List<String> start() {
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("management.endpoints.web.exposure.include=circuitbreakers",
                    "spring.datasource.url=jdbc:h2:mem:optional;DB_CLOSE_DELAY=-1")
                .run()) {
                List<String> seen = new ArrayList<>(Arrays.stream(context.getBeanDefinitionNames())
                    .filter(name -> name.startsWith("circuit")).toList());
                Prices prices = context.getBean(Prices.class);
                for (int i = 0; i < 6; i++) {
                    try {
                        seen.add(prices.price());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return seen;
            }
        }
    }

    /**
     * Each library, with the test's other libraries that need it (Lettuce and WebFlux need Reactor,
     * OpenFeign needs Spring Cloud Commons, the actuator's auto-configuration needs Micrometer and health):
     * Resilience4j whole and artifact by artifact (its runtime without its annotation, and the reverse, as an
     * application migrated from it has).
     */
    @ParameterizedTest(name = "without {0}")
    @CsvSource(delimiter = '|', value = {
        "resilience4j-                                                               | true",
        "resilience4j-circuitbreaker resilience4j-core                                 | true",
        "resilience4j-annotations                                                    | true",
        "resilience4j-micrometer resilience4j-framework-common                       | true",
        "spring-data-redis spring-boot-data-redis lettuce-core                        | true",
        "reactor-core lettuce-core spring-data-redis spring-webflux spring-boot-webclient | true",
        "spring-cloud-                                                               | true",
        "spring-webflux spring-boot-webclient                                        | true",
        "micrometer-registry-prometheus prometheus-metrics-                          | true",
        "spring-boot-actuator spring-boot-health spring-boot-starter-actuator         | false",
        "micrometer- spring-boot-micrometer- spring-boot-actuator spring-boot-health spring-boot-starter-actuator spring-boot-starter-micrometer resilience4j-micrometer | false"})
    void theApplicationStartsWithoutTheLibraryAndItsFallbacksWork(String jars, boolean actuator) throws Exception {
        List<String> seen = startWithout(jars.trim());
        assertThat(seen).contains("circuitRegistry", "circuitProtectedAdvisor");
        if (actuator) {
            assertThat(seen).contains("circuitBreakersEndpoint", "circuitBreakersHealthContributor");
        } else {
            assertThat(seen).doesNotContain("circuitBreakersEndpoint", "circuitBreakersHealthContributor");
        }
        assertThat(seen.subList(seen.size() - 6, seen.size()))
            .containsExactly("failed: partner down", "failed: partner down", "failed: partner down",
                "failed: partner down", "failed: partner down", "open");
    }

    /** Kotlin is on no class path of the starters' tests: every test of theirs runs as a Java application's. */
    @Test
    void theStartersAreTestedWithoutKotlin() {
        assertThat(ClassUtils.isPresent("kotlin.Unit", null)).isFalse();
        assertThat(ClassUtils.isPresent("kotlinx.coroutines.CoroutineScope", null)).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static List<String> startWithout(String jars) throws Exception {
        List<String> missing = List.of(jars.split("\\s+"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        URL[] urls = Arrays.stream(classPath.split(File.pathSeparator))
            .filter(entry -> missing.stream().noneMatch(Path.of(entry).getFileName().toString()::startsWith))
            .map(OptionalLibrariesTest::url).toArray(URL[]::new);
        assertThat(urls).as("the class path lacks %s", jars).hasSizeLessThan(classPath.split(File.pathSeparator).length);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader);
            assertThat(loader.getResource("io/github/resilience4j/circuitbreaker/CallNotPermittedException.class") != null)
                .as("Resilience4j's runtime present")
                .isEqualTo(!missing.contains("resilience4j-") && !missing.contains("resilience4j-circuitbreaker"));
            return (List<String>) loader.loadClass(App.class.getName()).getMethod("start").invoke(null);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }
}
