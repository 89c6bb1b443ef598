package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.annotation.CircuitProtectedAdvisor;
import dev.circuit.spring.http.FailureStatuses;
import dev.circuit.spring.boot.config.BreakerProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/** Everything under {@code circuit.*} in {@code application.yml}. */
@ConfigurationProperties(prefix = "circuit", ignoreUnknownFields = false)
public class CircuitProperties {

    /** Whether circuit's auto-configuration is on at all. */
    private boolean enabled = true;

    /** Whether @CircuitProtected may name a breaker that is not configured; it is then created from the defaults. */
    private boolean createMissingBreakers = false;

    /**
     * Whether the predefined breakers (database, kafka, health_check, metrics_export) are known with their
     * reference settings, each created when something names it (an annotation, a circuit.breakers entry, a
     * lookup by name); false leaves them out, and a breaker of one of those names is then configured like any
     * other.
     */
    private boolean predefinedBreakers = true;

    /**
     * Order of the @CircuitProtected aspect among other advice; the default puts it outside @Transactional,
     * so that a rejected call opens no transaction and a failed commit counts as a failure.
     */
    private int aspectOrder = CircuitProtectedAdvisor.DEFAULT_ORDER;

    /** Settings that apply to every breaker unless overridden. */
    @NestedConfigurationProperty
    private BreakerProperties defaults = new BreakerProperties();

    /** Named shared configurations that breakers extend with base-config. */
    private Map<String, BreakerProperties> configs = new LinkedHashMap<>();

    /** The breakers by name, each created at start-up; database, kafka, health_check and metrics_export are predefined. */
    private Map<String, BreakerProperties> breakers = new LinkedHashMap<>();

    /** Alerts sent when a circuit opens and when it recovers. */
    private final Alerts alerts = new Alerts();

    /** Micrometer meters. */
    private final Metrics metrics = new Metrics();

    /** Micrometer observations of protected calls. */
    private final Observations observations = new Observations();

    /** Observation settings. */
    public static class Observations {

        /** Whether each call of a @CircuitProtected method returning a value is observed (circuit.call), when an ObservationRegistry exists. */
        private boolean enabled = false;

        /** @return whether calls are observed */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether calls are observed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Fleet mode: replicas share trips, probes and operator actions through Redis. */
    private final Cluster cluster = new Cluster();

    /** Fleet mode settings. */
    public static class Cluster {

        /** Whether replicas share their breakers' decisions through Redis (spring.data.redis.*); needs spring-boot-starter-data-redis. */
        private boolean enabled = false;

        /** Replicas with the same namespace form a fleet; spring.application.name when unset. */
        private @Nullable String namespace;

        /** Instances that must trip a breaker within its open period before the fleet opens it (1 = any). */
        private int quorum = 1;

        /** The longest any one of the fleet's Redis operations may take, whatever spring.data.redis.timeout says; past it the link counts as down. */
        private Duration timeout = Duration.ofMillis(500);

        /** How long the instance holding a breaker's probe lease waits for a call to probe with before it hands the lease on. */
        private Duration handOver = Duration.ofSeconds(1);

        /** The key that signs the fleet's messages (HMAC-SHA256), the same on every replica; unset: messages are not signed. */
        private @Nullable String secret;

        /** @return the timeout of one Redis operation */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the timeout of one Redis operation */
        public void setTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new InvalidConfigurationException("circuit.cluster.timeout", timeout, "a duration from 1ms to 10s");
            }
            this.timeout = timeout;
        }

        /** @return the lease holder's hand-over time */
        public Duration getHandOver() {
            return handOver;
        }

        /** @param handOver the lease holder's hand-over time */
        public void setHandOver(Duration handOver) {
            if (handOver == null || handOver.isNegative() || handOver.isZero()) {
                throw new InvalidConfigurationException("circuit.cluster.hand-over", handOver, "a positive duration");
            }
            this.handOver = handOver;
        }

        /** @return the signing key, or null */
        public @Nullable String getSecret() {
            return secret;
        }

        /** @param secret the signing key */
        public void setSecret(@Nullable String secret) {
            if (secret != null && !secret.isEmpty() && secret.length() < 16) {
                throw new InvalidConfigurationException("circuit.cluster.secret", "(" + secret.length() + " characters, not shown)",
                    "at least 16 characters, the same on every replica");
            }
            this.secret = secret == null || secret.isEmpty() ? null : secret;
        }

        /** @return whether fleet mode is on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether fleet mode is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the namespace, or null for spring.application.name */
        public @Nullable String getNamespace() {
            return namespace;
        }

        /** @param namespace the namespace */
        public void setNamespace(@Nullable String namespace) {
            this.namespace = namespace;
        }

        /** @return the quorum */
        public int getQuorum() {
            return quorum;
        }

        /** @param quorum the quorum */
        public void setQuorum(int quorum) {
            if (quorum < 1) {
                throw new InvalidConfigurationException("circuit.cluster.quorum", quorum, "an integer >= 1");
            }
            this.quorum = quorum;
        }
    }

    /** Resilience4j's @CircuitBreaker annotation, applied by circuit. */
    private final Resilience4j resilience4j = new Resilience4j();

    /** Resilience4j compatibility. */
    public static class Resilience4j {

        /**
         * Whether circuit applies Resilience4j's @CircuitBreaker (from resilience4j-annotations) as it applies
         * @CircuitProtected; it never does while Resilience4j's own Spring integration is on the class path.
         */
        private boolean enabled = true;

        /** @return whether circuit applies Resilience4j's annotation */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether circuit applies Resilience4j's annotation */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** @return Resilience4j compatibility */
    public Resilience4j getResilience4j() {
        return resilience4j;
    }

    /** A breaker per remote host for RestClient and WebClient built from Spring Boot's builders. */
    private final HttpClient httpClient = new HttpClient();

    /** Settings of the breakers per remote host. */
    public static class HttpClient {

        /** Whether every RestClient and WebClient built from Boot's builders gets a breaker per target host, named http:host:port. */
        private boolean enabled = false;

        /** Most hosts that get a breaker that is not configured; requests to further hosts go out unprotected. */
        private int maxBreakers = 200;

        /** Name of a shared configuration under circuit.configs for hosts that are not configured; circuit.defaults when unset. */
        private @Nullable String baseConfig;

        /** Response statuses that count as failures of the host: codes such as 503 or classes such as 5xx. */
        private List<String> failureStatuses = new ArrayList<>(List.of("5xx"));

        private IntPredicate failureStatusTest = FailureStatuses.parse(failureStatuses, "circuit.http-client.failure-statuses");

        /** @return whether the host breakers are on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the host breakers are on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the most hosts that get a breaker that is not configured */
        public int getMaxBreakers() {
            return maxBreakers;
        }

        /** @param maxBreakers the most hosts that get a breaker that is not configured */
        public void setMaxBreakers(int maxBreakers) {
            if (maxBreakers < 1) {
                throw new InvalidConfigurationException("circuit.http-client.max-breakers", maxBreakers, "an integer >= 1");
            }
            this.maxBreakers = maxBreakers;
        }

        /** @return the shared configuration of hosts that are not configured, or null */
        public @Nullable String getBaseConfig() {
            return baseConfig;
        }

        /** @param baseConfig the shared configuration of hosts that are not configured */
        public void setBaseConfig(@Nullable String baseConfig) {
            this.baseConfig = baseConfig;
        }

        /** @return the statuses that count as failures */
        public List<String> getFailureStatuses() {
            return failureStatuses;
        }

        /** @param failureStatuses the statuses that count as failures */
        public void setFailureStatuses(List<String> failureStatuses) {
            this.failureStatusTest = FailureStatuses.parse(failureStatuses, "circuit.http-client.failure-statuses");
            this.failureStatuses = failureStatuses;
        }

        /** @return whether a response status counts as a failure of the host */
        public IntPredicate failureStatusTest() {
            return failureStatusTest;
        }
    }

    /** Spring Cloud CircuitBreaker (and so OpenFeign) backed by circuit. */
    private final SpringCloud springCloud = new SpringCloud();

    /** Spring Cloud CircuitBreaker settings. */
    public static class SpringCloud {

        /** Most breakers created for ids that are not configured (such as OpenFeign's Client#method(Args)); past it, new ids run unprotected. */
        private int maxBreakers = 1000;

        /** @return the most breakers created for ids that are not configured */
        public int getMaxBreakers() {
            return maxBreakers;
        }

        /** @param maxBreakers the most breakers created for ids that are not configured */
        public void setMaxBreakers(int maxBreakers) {
            this.maxBreakers = maxBreakers;
        }
    }

    /** Meter settings. */
    public static class Metrics {

        /** The call timer. */
        private final CallTimer callTimer = new CallTimer();

        /**
         * Whether every breaker is also measured under Resilience4j's meter names and tags
         * (resilience4j_circuitbreaker_*), for dashboards and alerts written for Resilience4j; times every call.
         */
        private boolean resilience4jNames = false;

        /** @return the call timer settings */
        public CallTimer getCallTimer() {
            return callTimer;
        }

        /** @return whether Resilience4j's meter names are published too */
        public boolean isResilience4jNames() {
            return resilience4jNames;
        }

        /** @param resilience4jNames whether Resilience4j's meter names are published too */
        public void setResilience4jNames(boolean resilience4jNames) {
            this.resilience4jNames = resilience4jNames;
        }
    }

    /** The {@code circuit_breaker_call_seconds} timer. */
    public static class CallTimer {

        /** Whether every call is timed into circuit_breaker_call_seconds; costs two clock reads and a timer update per call. */
        private boolean enabled = false;

        /** @return whether every call is timed */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether every call is timed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Alert settings. */
    public static class Alerts {

        /** The webhook alert. */
        private final Webhook webhook = new Webhook();

        /** @return the webhook settings */
        public Webhook getWebhook() {
            return webhook;
        }
    }

    /** A Slack-compatible webhook that hears when a circuit opens and when it recovers. */
    public static class Webhook {

        /** URL to post the alert to; no alert is sent when it is not set. */
        private @Nullable String url;

        /** How long one alert may take before it is given up (and counted as failed). */
        private Duration timeout = Duration.ofSeconds(5);

        /** While a circuit stays open, the shortest time between two reminders; 0 sends none. */
        private Duration repeatInterval = Duration.ofHours(1);

        /** @return the webhook URL, or null */
        public @Nullable String getUrl() {
            return url;
        }

        /** @param url the webhook URL */
        public void setUrl(@Nullable String url) {
            if (url != null) {
                uri(url);
            }
            this.url = url;
        }

        /** @return the timeout of one alert */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the timeout of one alert */
        public void setTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new InvalidConfigurationException("circuit.alerts.webhook.timeout", timeout, "a positive duration");
            }
            this.timeout = timeout;
        }

        /** @return the shortest time between two reminders of an open circuit; zero for none */
        public Duration getRepeatInterval() {
            return repeatInterval;
        }

        /** @param repeatInterval the shortest time between two reminders of an open circuit; zero for none */
        public void setRepeatInterval(Duration repeatInterval) {
            if (repeatInterval == null || repeatInterval.isNegative()) {
                throw new InvalidConfigurationException("circuit.alerts.webhook.repeat-interval", repeatInterval,
                    "a duration >= 0; 0 sends no reminders");
            }
            this.repeatInterval = repeatInterval;
        }

        /**
         * @return the webhook's URL
         * @throws InvalidConfigurationException when none is set
         */
        public URI uri() {
            if (url == null) {
                throw new InvalidConfigurationException("circuit.alerts.webhook.url", null, "an absolute http or https URL");
            }
            return uri(url);
        }

        private static URI uri(String url) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new InvalidConfigurationException("circuit.alerts.webhook.url", url, "an absolute http or https URL");
            }
            return uri;
        }
    }

    /** @return whether circuit is on */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether circuit is on */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return whether unconfigured breakers named by annotations are created */
    public boolean isCreateMissingBreakers() {
        return createMissingBreakers;
    }

    /** @param createMissingBreakers whether unconfigured breakers named by annotations are created */
    public void setCreateMissingBreakers(boolean createMissingBreakers) {
        this.createMissingBreakers = createMissingBreakers;
    }

    /** @return whether the predefined breakers exist */
    public boolean isPredefinedBreakers() {
        return predefinedBreakers;
    }

    /** @param predefinedBreakers whether the predefined breakers exist */
    public void setPredefinedBreakers(boolean predefinedBreakers) {
        this.predefinedBreakers = predefinedBreakers;
    }

    /** @return the order of the @CircuitProtected aspect */
    public int getAspectOrder() {
        return aspectOrder;
    }

    /** @param aspectOrder the order of the @CircuitProtected aspect */
    public void setAspectOrder(int aspectOrder) {
        this.aspectOrder = aspectOrder;
    }

    /** @return the settings of every breaker */
    public BreakerProperties getDefaults() {
        return defaults;
    }

    /** @param defaults the settings of every breaker */
    public void setDefaults(BreakerProperties defaults) {
        this.defaults = defaults;
    }

    /** @return the shared configurations */
    public Map<String, BreakerProperties> getConfigs() {
        return configs;
    }

    /** @param configs the shared configurations */
    public void setConfigs(Map<String, BreakerProperties> configs) {
        this.configs = configs;
    }

    /** @return the breakers by name, as bound (see {@link BreakerNames} for names with underscores) */
    public Map<String, BreakerProperties> getBreakers() {
        return breakers;
    }

    /** @param breakers the breakers by name */
    public void setBreakers(Map<String, BreakerProperties> breakers) {
        this.breakers = breakers;
    }

    /** @return the alert settings */
    public Alerts getAlerts() {
        return alerts;
    }

    /** @return the meter settings */
    public Metrics getMetrics() {
        return metrics;
    }

    /** @return the observation settings */
    public Observations getObservations() {
        return observations;
    }

    /** @return the fleet mode settings */
    public Cluster getCluster() {
        return cluster;
    }

    /** @return the settings of the breakers per remote host */
    public HttpClient getHttpClient() {
        return httpClient;
    }

    /** @return the Spring Cloud CircuitBreaker settings */
    public SpringCloud getSpringCloud() {
        return springCloud;
    }
}
