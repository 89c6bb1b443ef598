package dev.circuit.spring.boot.config;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one breaker, of {@code circuit.defaults} or of a shared configuration under
 * {@code circuit.configs}: the engine's settings ({@link EngineSettings}), the shared configuration it
 * extends, and what the starter's features read (health, fleet mode). A setting left out is taken from
 * the base configuration, then from {@code circuit.defaults}, then from the engine's defaults.
 */
public class BreakerProperties extends EngineSettings {

    /** Name of a shared configuration under circuit.configs that this one extends. */
    private @Nullable String baseConfig;

    /** Health settings of the breaker. */
    private final Health health = new Health();

    /** Fleet mode settings of the breaker. */
    private final Cluster cluster = new Cluster();

    /** Fleet mode settings of a breaker. */
    public static class Cluster {

        /** Whether this breaker shares its decisions with the fleet when circuit.cluster.enabled is true. */
        private @Nullable Boolean enabled;

        /** @return whether this breaker takes part in the fleet, or null to inherit (true) */
        public @Nullable Boolean getEnabled() {
            return enabled;
        }

        /** @param enabled whether this breaker takes part in the fleet */
        public void setEnabled(@Nullable Boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Health settings of a breaker. */
    public static class Health {

        /** Whether an open circuit makes the application's health DOWN instead of CIRCUIT_OPEN. */
        private @Nullable Boolean failWhenOpen;

        /** @return whether an open circuit makes the health DOWN, or null to inherit */
        public @Nullable Boolean getFailWhenOpen() {
            return failWhenOpen;
        }

        /** @param failWhenOpen whether an open circuit makes the health DOWN */
        public void setFailWhenOpen(@Nullable Boolean failWhenOpen) {
            this.failWhenOpen = failWhenOpen;
        }
    }

    /** @return the shared configuration this one extends, or null */
    public @Nullable String getBaseConfig() {
        return baseConfig;
    }

    /** @param baseConfig the shared configuration this one extends */
    public void setBaseConfig(@Nullable String baseConfig) {
        this.baseConfig = baseConfig;
    }

    /** @return the health settings */
    public Health getHealth() {
        return health;
    }

    /** @return the fleet mode settings */
    public Cluster getCluster() {
        return cluster;
    }
}
