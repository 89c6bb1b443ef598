package dev.circuit.spring.http;

import dev.circuit.core.InvalidConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/** The response statuses that count as failures of a host, written as codes ({@code 503}) or classes ({@code 5xx}). */
public final class FailureStatuses {

    private FailureStatuses() {
    }

    /**
     * Parses the entries into one test.
     *
     * @param entries  codes such as {@code 503} and classes such as {@code 5xx}
     * @param property the property they come from, to name a bad entry
     * @return whether a status is one of them
     * @throws InvalidConfigurationException naming the property and index of an entry that is neither
     */
    public static IntPredicate parse(List<String> entries, String property) {
        List<IntPredicate> tests = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim().toLowerCase(Locale.ROOT);
            if (entry.matches("[1-5]xx")) {
                int series = entry.charAt(0) - '0';
                tests.add(status -> status / 100 == series);
            } else if (entry.matches("[1-5][0-9][0-9]")) {
                int code = Integer.parseInt(entry);
                tests.add(status -> status == code);
            } else {
                throw new InvalidConfigurationException(property + "[" + i + "]",
                    entries.get(i), "an HTTP status code such as 503, or a class such as 5xx");
            }
        }
        return status -> tests.stream().anyMatch(test -> test.test(status));
    }
}
