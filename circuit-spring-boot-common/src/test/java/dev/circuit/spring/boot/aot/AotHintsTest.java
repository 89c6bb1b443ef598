package dev.circuit.spring.boot.aot;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CircuitProtected;
import dev.circuit.spring.aot.FallbackMethodsAotProcessor;
import dev.circuit.spring.boot.config.BreakerProperties;
import dev.circuit.spring.boot.config.BreakerSettings;
import dev.circuit.spring.boot.config.EngineSettings;
import dev.circuit.spring.boot.config.PredefinedBreakers;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What Spring AOT learns from circuit: the reflection and resources it needs, and the fallbacks to keep. */
class AotHintsTest {

    /** A bean with a fallback declared on its interface. */
    public interface Orders {
        @CircuitProtected(value = "database", fallbackMethod = "cached")
        String find(long id);
    }

    /** Its implementation and fallback. */
    public static class DatabaseOrders implements Orders {
        @Override
        public String find(long id) {
            return "order " + id;
        }

        String cached(long id, CircuitOpenException rejected) {
            return "cached " + id;
        }
    }

    @Test
    void everySettingAndThePredefinedBreakersAreReachable() throws NoSuchMethodException {
        RuntimeHints hints = new RuntimeHints();
        new CircuitRuntimeHints().registerHints(hints, getClass().getClassLoader());

        for (BreakerSettings.Setting setting : BreakerSettings.all()) {
            String suffix = Character.toUpperCase(setting.name().charAt(0)) + setting.name().substring(1);
            assertThat(invoked(EngineSettings.class.getMethod("get" + suffix))).accepts(hints);
            assertThat(invoked(Arrays.stream(EngineSettings.class.getMethods())
                .filter(m -> m.getName().equals("set" + suffix)).findFirst().orElseThrow())).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.resource().forResource(PredefinedBreakers.SOURCE)).accepts(hints);
        assertThat(AotServices.factories().load(org.springframework.aot.hint.RuntimeHintsRegistrar.class))
            .anyMatch(CircuitRuntimeHints.class::isInstance);
    }

    @Test
    void fallbackMethodsAreRegisteredForInvocation() throws Exception {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("orders", new RootBeanDefinition(DatabaseOrders.class));
        BeanRegistrationAotProcessor processor = AotServices.factoriesAndBeans(beans)
            .load(BeanRegistrationAotProcessor.class).stream()
            .filter(FallbackMethodsAotProcessor.class::isInstance).findFirst().orElseThrow();

        BeanRegistrationAotContribution contribution = processor.processAheadOfTime(RegisteredBean.of(beans, "orders"));
        DefaultGenerationContext context = new DefaultGenerationContext(
            new ClassNameGenerator(ClassName.get("dev.circuit", "Test")), new InMemoryGeneratedFiles());
        contribution.applyTo(context, null);

        assertThat(invoked(DatabaseOrders.class.getDeclaredMethod("cached", long.class, CircuitOpenException.class)))
            .accepts(context.getRuntimeHints());
        beans.registerBeanDefinition("plain", new RootBeanDefinition(BreakerProperties.class));
        assertThat(processor.processAheadOfTime(RegisteredBean.of(beans, "plain"))).isNull();
    }

    /** A hint to invoke the method: Framework 6.2's spelling, which 7 keeps beside onMethodInvocation. */
    @SuppressWarnings("deprecation")
    private static Predicate<RuntimeHints> invoked(Method method) {
        return RuntimeHintsPredicates.reflection().onMethod(method).invoke();
    }
}
