package dev.circuit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a thrown error counts as: an ordered list of conditions, read top to bottom, the first that decides
 * wins. {@link CircuitBreakerConfig.Builder#build()} builds it from the settings that classify errors, in this
 * order:
 * <ol>
 *   <li>an {@code ignoreExceptions} type: ignored;</li>
 *   <li>the {@code ignorePredicate} (Resilience4j compatibility) accepts it: ignored;</li>
 *   <li>not a {@code recordExceptions} type: unrecorded;</li>
 *   <li>the {@code failurePredicate} declines it: unrecorded;</li>
 *   <li>the {@code classifier} puts it in one of the {@code ignoreCategories}: ignored;</li>
 *   <li>otherwise a failure of the classifier's category.</li>
 * </ol>
 * An unrecorded error is ignored, or counts as a success with {@code unrecordedErrorsSucceed} (Resilience4j's
 * rule). Conditions for settings left at values that decide nothing (no ignored types, every exception
 * recorded, a predicate that accepts all) are left out, so the list says what the configuration does.
 */
public final class FailurePolicy {

    private final List<Condition> conditions;

    private FailurePolicy(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /**
     * One condition: it decides for some errors and passes the others on to the next.
     *
     * @param description what it checks and what it decides, as the endpoint shows it
     * @param decide      the verdict for an error, or null to pass it on
     */
    public record Condition(String description, Function<Throwable, Verdict> decide) {
    }

    /** What an error counts as: a success, ignored (neither success nor failure), or a failure of a category. */
    public static final class Verdict {

        /** The error counts as a success. */
        public static final Verdict SUCCESS = new Verdict(null);
        /** The error counts as neither success nor failure. */
        public static final Verdict IGNORED = new Verdict(null);
        private static final Verdict[] FAILURES = failures();

        private final ErrorCategory category;

        private Verdict(ErrorCategory category) {
            this.category = category;
        }

        /**
         * The verdict for a failure.
         *
         * @param category its category
         * @return the shared verdict for that category
         */
        public static Verdict failure(ErrorCategory category) {
            return FAILURES[category.ordinal()];
        }

        /** @return the category of a failure, or null for a success or an ignored error */
        public ErrorCategory category() {
            return category;
        }

        @Override
        public String toString() {
            return this == SUCCESS ? "SUCCESS" : this == IGNORED ? "IGNORED" : "FAILURE(" + category + ")";
        }

        private static Verdict[] failures() {
            ErrorCategory[] categories = ErrorCategory.values();
            Verdict[] verdicts = new Verdict[categories.length];
            for (ErrorCategory category : categories) {
                verdicts[category.ordinal()] = new Verdict(category);
            }
            return verdicts;
        }
    }

    /** Builds the list from a configuration's settings, in the documented order. */
    static FailurePolicy of(CircuitBreakerConfig config) {
        List<Condition> conditions = new ArrayList<>();
        List<Class<? extends Throwable>> ignored = config.ignoreExceptions();
        if (!ignored.isEmpty()) {
            conditions.add(new Condition("an ignoreExceptions type " + names(ignored) + ": ignored",
                error -> instanceOfAny(ignored, error) ? Verdict.IGNORED : null));
        }
        Predicate<Throwable> ignorePredicate = config.ignorePredicate();
        if (ignorePredicate != null) {
            conditions.add(new Condition("the ignorePredicate accepts it: ignored",
                error -> ignorePredicate.test(error) ? Verdict.IGNORED : null));
        }
        Verdict unrecorded = config.unrecordedErrorsSucceed() ? Verdict.SUCCESS : Verdict.IGNORED;
        List<Class<? extends Throwable>> recorded = config.recordExceptions();
        if (!recorded.equals(List.of(Throwable.class))) {
            conditions.add(new Condition("not a recordExceptions type " + names(recorded) + ": " + unrecorded,
                error -> instanceOfAny(recorded, error) ? null : unrecorded));
        }
        Predicate<Throwable> failurePredicate = config.failurePredicate();
        if (failurePredicate != CircuitBreakerConfig.RECORD_ALL) {
            conditions.add(new Condition("the failurePredicate declines it: " + unrecorded,
                error -> failurePredicate.test(error) ? null : unrecorded));
        }
        ErrorClassifier classifier = config.classifier();
        Set<ErrorCategory> ignoredCategories = config.ignoreCategories();
        conditions.add(new Condition("the classifier's category, ignored if one of " + ignoredCategories
            + ": a failure of that category", error -> {
                ErrorCategory category = classifier.classify(error);
                return ignoredCategories.contains(category) ? Verdict.IGNORED : Verdict.failure(category);
            }));
        return new FailurePolicy(conditions);
    }

    /**
     * What an error counts as: the verdict of the first condition that decides.
     *
     * @param error what a call threw
     * @return the verdict
     */
    public Verdict judge(Throwable error) {
        for (int i = 0; i < conditions.size(); i++) {
            Verdict verdict = conditions.get(i).decide().apply(error);
            if (verdict != null) {
                return verdict;
            }
        }
        throw new IllegalStateException("the last condition always decides");
    }

    /** @return the conditions, top to bottom */
    public List<Condition> conditions() {
        return conditions;
    }

    @Override
    public String toString() {
        return conditions.stream().map(Condition::description).toList().toString();
    }

    private static boolean instanceOfAny(List<Class<? extends Throwable>> types, Throwable error) {
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(List<Class<? extends Throwable>> types) {
        return types.stream().map(Class::getSimpleName).toList();
    }
}
