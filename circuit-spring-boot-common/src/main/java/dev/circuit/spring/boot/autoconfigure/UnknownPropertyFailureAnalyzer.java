package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.boot.config.BreakerSettings;
import dev.circuit.spring.boot.resilience4j.Resilience4jProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reports a misspelled {@code circuit.*} or {@code resilience4j.circuitbreaker.*} property by name, with the
 * closest property that exists there: {@code circuit.breakers.partner.failure-treshold} is refused with "did
 * you mean 'failure-threshold'?". Runs before Boot's own analysis of unbound properties, which names only
 * the bound type; other properties are left to it.
 */
public class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
    implements Ordered {

    /** The properties circuit binds strictly, by their prefix. */
    private static final Map<ConfigurationPropertyName, Class<?>> ROOTS = Map.of(
        ConfigurationPropertyName.of("circuit"), CircuitProperties.class,
        ConfigurationPropertyName.of("resilience4j.circuitbreaker"), Resilience4jProperties.class);

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        List<String> lines = new ArrayList<>();
        List<String> suggestions = new ArrayList<>();
        for (ConfigurationProperty property : cause.getUnboundProperties()) {
            ConfigurationPropertyName name = property.getName();
            ConfigurationPropertyName root = ROOTS.keySet().stream().filter(prefix -> prefix.isAncestorOf(name))
                .findFirst().orElse(null);
            if (root == null) {
                return null;
            }
            String line = "    Property: " + name + "\n    Value: \"" + property.getValue() + "\"";
            if (property.getOrigin() != null) {
                line += "\n    Origin: " + property.getOrigin();
            }
            String suggestion = suggestion(root, name);
            if (suggestion != null) {
                line += "\n    Did you mean: " + suggestion + "?";
                suggestions.add("'" + suggestion + "'");
            }
            lines.add(line);
        }
        String description = "Unknown circuit " + (lines.size() == 1 ? "property" : "properties") + ":\n\n"
            + String.join("\n\n", lines);
        String action = suggestions.isEmpty()
            ? "Remove the property, or correct its name (see the circuit.* properties your IDE completes)."
            : "Rename it to " + String.join(", ", suggestions) + ", or remove it.";
        return new FailureAnalysis(description, action, cause);
    }

    /**
     * Follows the name through {@link CircuitProperties} to the first element that is no property there,
     * and replaces it with the closest one that is.
     */
    private static @Nullable String suggestion(ConfigurationPropertyName root, ConfigurationPropertyName name) {
        ResolvableType type = ResolvableType.forClass(ROOTS.get(root));
        StringBuilder known = new StringBuilder(root.toString());
        for (int i = root.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
            String element = name.getElement(i, ConfigurationPropertyName.Form.DASHED);
            Class<?> raw = type.resolve(Object.class);
            if (Map.class.isAssignableFrom(raw)) {
                type = type.asMap().getGeneric(1);
                known.append('.').append(element);
                continue;
            }
            Map<String, ResolvableType> properties = propertiesOf(raw);
            ResolvableType next = properties.get(element);
            if (next == null) {
                String closest = BreakerSettings.closest(element, properties.keySet());
                return closest == null ? null : known + "." + closest;
            }
            type = next;
            known.append('.').append(element);
        }
        return null;
    }

    private static Map<String, ResolvableType> propertiesOf(Class<?> type) {
        Map<String, ResolvableType> properties = new java.util.LinkedHashMap<>();
        if (type.getName().startsWith("java.") || type.isEnum() || type.isPrimitive()) {
            return properties;
        }
        Arrays.stream(BeanUtils.getPropertyDescriptors(type))
            .filter(descriptor -> descriptor.getReadMethod() != null && !descriptor.getName().equals("class"))
            .forEach((PropertyDescriptor descriptor) -> properties.put(
                DataObjectPropertyName.toDashedForm(descriptor.getName()),
                ResolvableType.forMethodReturnType(descriptor.getReadMethod())));
        return properties;
    }
}
