package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.boot.config.BreakerSettings;
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
 * Reports a misspelled {@code circuit.*} property by name, with the closest property that exists there: {@code circuit.breakers.partner.failure-treshold} is refused with "did
 * you mean 'failure-threshold'?". Runs before Boot's own analysis of unbound properties, which names only
 * the bound type; other properties are left to it.
 */
public class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
    implements Ordered {

    private final ConfigurationPropertyName root;
    private final Class<?> rootType;

    /** Reports unknown {@code circuit.*} properties. */
    public UnknownPropertyFailureAnalyzer() {
        this("circuit", CircuitProperties.class);
    }

    /**
     * Reports unknown properties under another prefix that circuit binds strictly.
     *
     * @param prefix   the prefix, such as {@code resilience4j.circuitbreaker}
     * @param rootType the type bound there
     */
    protected UnknownPropertyFailureAnalyzer(String prefix, Class<?> rootType) {
        this.root = ConfigurationPropertyName.of(prefix);
        this.rootType = rootType;
    }

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
            if (!root.isAncestorOf(name)) {
                return null;
            }
            String line = "    Property: " + name + "\n    Value: \"" + property.getValue() + "\"";
            if (property.getOrigin() != null) {
                line += "\n    Origin: " + property.getOrigin();
            }
            String suggestion = suggestion(name);
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
     * Follows the name through the bound type to the first element that is no property there, and replaces
     * it with the closest one that is.
     */
    private @Nullable String suggestion(ConfigurationPropertyName name) {
        ResolvableType type = ResolvableType.forClass(rootType);
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
