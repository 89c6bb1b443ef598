package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plain Spring application, no Boot: {@code @EnableCircuitProtection} is all it takes. */
class EnableCircuitProtectionTest {

    /** What a protected service offers. */
    public interface Prices {

        /**
         * @param sku the product
         * @return its price
         * @throws IOException when the partner fails
         */
        String price(String sku) throws IOException;

        /**
         * @param sku the product
         * @return its price, or the fallback's answer
         * @throws IOException never: the fallback takes every failure
         */
        String priceOrNone(String sku) throws IOException;
    }

    /** A service calling a partner that fails for SKUs starting with "bad". */
    public static class PartnerPrices implements Prices {

        int partnerCalls;

        @Override
        @CircuitProtected("partner")
        public String price(String sku) throws IOException {
            partnerCalls++;
            if (sku.startsWith("bad")) {
                throw new IOException("partner refused " + sku);
            }
            return "42.00 for " + sku;
        }

        @Override
        @CircuitProtected(value = "partner", fallbackMethod = "none")
        public String priceOrNone(String sku) throws IOException {
            return price(sku);
        }

        String none(String sku, CircuitOpenException rejected) {
            return "no price for " + sku + ": circuit " + rejected.breakerName() + " open";
        }

        String none(String sku, IOException failure) {
            return "no price for " + sku + ": " + failure.getMessage();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCircuitProtection
    static class PlainApplication {

        @Bean
        PartnerPrices prices() {
            return new PartnerPrices();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCircuitProtection
    static class ApplicationWithItsRegistry {

        @Bean
        PartnerPrices prices() {
            return new PartnerPrices();
        }

        @Bean
        CircuitBreakerRegistry breakers() {
            CircuitBreakerRegistry registry = CircuitBreakerRegistry.of();
            registry.breaker("partner", CircuitBreakerConfig.builder().failureThreshold(2).build());
            return registry;
        }
    }

    @Test
    void failuresPassThroughUntilTheCircuitOpensThenCallsAreRejectedWithoutCallingThePartner() throws IOException {
        try (var context = new AnnotationConfigApplicationContext(PlainApplication.class)) {
            Prices prices = context.getBean(Prices.class);
            PartnerPrices target = (PartnerPrices) AopProxyUtils.getSingletonTarget(prices);
            CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);

            assertThat(prices.price("sku-1")).isEqualTo("42.00 for sku-1");
            int threshold = CircuitBreakerConfig.defaults().failureThreshold();
            for (int i = 0; i < threshold; i++) {
                assertThatThrownBy(() -> prices.price("bad-sku")).isInstanceOf(IOException.class)
                    .hasMessage("partner refused bad-sku");
            }
            int callsWhenOpened = target.partnerCalls;

            assertThat(registry.find("partner")).get().extracting(breaker -> breaker.state()).isEqualTo(CircuitState.OPEN);
            assertThatThrownBy(() -> prices.price("sku-1")).isInstanceOfSatisfying(CircuitOpenException.class,
                rejected -> assertThat(rejected.breakerName()).isEqualTo("partner"));
            assertThat(target.partnerCalls).isEqualTo(callsWhenOpened);
        }
    }

    @Test
    void theMostSpecificFallbackRunsForAFailureAndForARejection() throws IOException {
        try (var context = new AnnotationConfigApplicationContext(ApplicationWithItsRegistry.class)) {
            Prices prices = context.getBean(Prices.class);

            assertThat(prices.priceOrNone("sku-1")).isEqualTo("42.00 for sku-1");
            assertThat(prices.priceOrNone("bad-1")).isEqualTo("no price for bad-1: partner refused bad-1");
            assertThat(prices.priceOrNone("bad-2")).isEqualTo("no price for bad-2: partner refused bad-2");
            assertThat(prices.priceOrNone("sku-1")).isEqualTo("no price for sku-1: circuit partner open");
        }
    }

    @Test
    void theApplicationsRegistryIsUsedAndNoOtherIsAdded() {
        try (var context = new AnnotationConfigApplicationContext(ApplicationWithItsRegistry.class)) {
            assertThat(context.getBeansOfType(CircuitBreakerRegistry.class)).containsOnlyKeys("breakers");
            Prices prices = context.getBean(Prices.class);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> prices.price("bad")).isInstanceOf(IOException.class);
            }
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("partner")).get()
                .extracting(breaker -> breaker.state()).isEqualTo(CircuitState.OPEN);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {

        @Bean
        CircuitBreakerRegistry laterRegistry() {
            return CircuitBreakerRegistry.of();
        }
    }

    @Test
    void aRegistryDefinedByAConfigurationClassReadAfterTheAnnotationCountsToo() {
        try (var context = new AnnotationConfigApplicationContext(PlainApplication.class, Registry.class)) {
            assertThat(context.getBeansOfType(CircuitBreakerRegistry.class)).containsOnlyKeys("laterRegistry");
        }
    }

    @Test
    void withoutARegistryOfItsOwnTheApplicationGetsOneItCanInject() {
        try (var context = new AnnotationConfigApplicationContext(PlainApplication.class)) {
            assertThat(context.getBeansOfType(CircuitBreakerRegistry.class)).containsOnlyKeys("circuitBreakerRegistry");
            assertThat(context.getBeansOfType(BreakerLookup.class)).containsOnlyKeys("circuitBreakerLookup");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(ApplicationWithItsRegistry.class)
    static class StrictApplication {

        @Bean
        BreakerLookup configuredBreakersOnly(CircuitBreakerRegistry registry) {
            return (name, createIfMissing) -> registry.find(name)
                .orElseThrow(() -> new IllegalArgumentException("no breaker '" + name + "' is configured"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(StrictApplication.class)
    static class StrictApplicationWithATypo {

        @Bean
        Object typo() {
            return new Object() {
                @CircuitProtected("partnr")
                public void call() {
                }
            };
        }
    }

    @Test
    void aLookupOfTheApplicationsOwnDecidesWhichNamesExistAndABadNameFailsStartUp() {
        try (var context = new AnnotationConfigApplicationContext(StrictApplication.class)) {
            assertThat(context.getBeansOfType(BreakerLookup.class)).containsOnlyKeys("configuredBreakersOnly");
            assertThat(context.getBean(Prices.class).priceOrNone("sku")).isEqualTo("42.00 for sku");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(StrictApplicationWithATypo.class))
            .isInstanceOf(BeanCreationException.class)
            .rootCause().hasMessage("no breaker 'partnr' is configured");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCircuitProtection(proxyTargetClass = true)
    static class ClassProxies {

        @Bean
        PartnerPrices prices() {
            return new PartnerPrices();
        }
    }

    @Test
    void beansAreProxiedThroughTheirInterfacesUnlessClassProxiesAreAskedFor() throws IOException {
        try (var context = new AnnotationConfigApplicationContext(PlainApplication.class)) {
            assertThat(AopUtils.isJdkDynamicProxy(context.getBean(Prices.class))).isTrue();
        }
        try (var context = new AnnotationConfigApplicationContext(ClassProxies.class)) {
            PartnerPrices prices = context.getBean(PartnerPrices.class);
            assertThat(AopUtils.isCglibProxy(prices)).isTrue();
            assertThat(prices.price("sku-2")).isEqualTo("42.00 for sku-2");
        }
    }

    @Test
    void theAdvisorsOrderIsTheAspectOrderProperty() {
        try (var context = new AnnotationConfigApplicationContext()) {
            context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of(CircuitProtectionConfiguration.ORDER_PROPERTY, "7")));
            context.register(PlainApplication.class);
            context.refresh();
            assertThat(context.getBean(CircuitProtectedAdvisor.class).getOrder()).isEqualTo(7);
        }
        try (var context = new AnnotationConfigApplicationContext(PlainApplication.class)) {
            assertThat(context.getBeansOfType(Advisor.class).values()).singleElement()
                .extracting(advisor -> ((CircuitProtectedAdvisor) advisor).getOrder())
                .isEqualTo(CircuitProtectedAdvisor.DEFAULT_ORDER);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCircuitProtection
    static class Observed {

        static final StringBuilder SEEN = new StringBuilder();

        @Bean
        PartnerPrices prices() {
            return new PartnerPrices();
        }

        @Bean
        CallObserver observer() {
            return new CallObserver() {
                @Override
                public <T> T observe(CircuitBreaker breaker, Callable<T> call) throws Exception {
                    SEEN.append(breaker.name()).append(';');
                    return call.call();
                }
            };
        }
    }

    @Test
    void aCallObserverOfTheApplicationObservesProtectedCalls() throws IOException {
        try (var context = new AnnotationConfigApplicationContext(Observed.class)) {
            Observed.SEEN.setLength(0);
            context.getBean(Prices.class).price("sku-3");
            assertThat(Observed.SEEN).hasToString("partner;");
        }
    }
}
