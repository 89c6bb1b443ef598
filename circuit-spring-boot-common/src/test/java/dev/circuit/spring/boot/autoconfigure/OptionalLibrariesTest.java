package dev.circuit.spring.boot.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application starts with the starter whichever optional library it lacks: each run is a real
 * application on a class path without that library's jar (a filtering class loader cannot show this,
 * since circuit's own classes would still link against the library through the test's class loader).
 */
class OptionalLibrariesTest {

    /** The application, started inside the reduced class path. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class App {

        /**
         * @return the names of circuit's beans, once started
         */
        public static List<String> start() {
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("management.endpoints.web.exposure.include=circuitbreakers",
                    "spring.datasource.url=jdbc:h2:mem:optional;DB_CLOSE_DELAY=-1")
                .run()) {
                return Arrays.stream(context.getBeanDefinitionNames()).filter(name -> name.startsWith("circuit")).toList();
            }
        }
    }

    /**
     * Each library, with the test's other libraries that need it (Lettuce and WebFlux need Reactor,
     * OpenFeign needs Spring Cloud Commons).
     */
    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"spring-data-redis",
        "reactor-core lettuce-core spring-data-redis spring-webflux spring-boot-webclient",
        "spring-cloud-", "spring-webflux"})
    void theApplicationStartsWithoutTheLibrary(String jars) throws Exception {
        List<String> missing = List.of(jars.split(" "));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        URL[] urls = Arrays.stream(classPath.split(File.pathSeparator))
            .filter(entry -> missing.stream().noneMatch(Path.of(entry).getFileName().toString()::startsWith))
            .map(OptionalLibrariesTest::url).toArray(URL[]::new);
        assertThat(urls).as("the class path lacks %s", jars).hasSizeLessThan(classPath.split(File.pathSeparator).length);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader);
            Object beans = loader.loadClass(App.class.getName()).getMethod("start").invoke(null);
            assertThat(beans).asList().contains("circuitRegistry", "circuitProtectedAdvisor", "circuitBreakersEndpoint",
                "circuitBreakersHealthContributor");
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
