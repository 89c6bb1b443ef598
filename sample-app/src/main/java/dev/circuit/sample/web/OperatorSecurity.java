package dev.circuit.sample.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may act on the breakers. Outside the {@code demo} profile, the actuator's write operations
 * ({@code POST /actuator/circuitbreakers/...}: force open, reset, retune) need an operator, over HTTP
 * Basic: {@code sample.operator.username} (default {@code operator}) and {@code sample.operator.password},
 * which has no default and must be set (it is kept only as a hash and never logged). Everything else,
 * {@code GET /actuator/circuitbreakers}, health and prometheus included, stays readable. The demo
 * profile leaves everything open for the quick start.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorSecurity {

    /**
     * Operators only for the actuator's writes; the API is stateless JSON (no session, no cookie), so
     * CSRF protection does not apply.
     *
     * @param http the security builder
     * @return the filter chain
     * @throws Exception when the chain cannot be built
     */
    @Bean
    @Profile("!demo")
    SecurityFilterChain operatorsOnly(HttpSecurity http) throws Exception {
        return http
            .authorizeHttpRequests(requests -> requests
                .requestMatchers(HttpMethod.POST, "/actuator/**").hasRole("OPERATOR")
                .requestMatchers(HttpMethod.PUT, "/actuator/**").hasRole("OPERATOR")
                .requestMatchers(HttpMethod.DELETE, "/actuator/**").hasRole("OPERATOR")
                .anyRequest().permitAll())
            .httpBasic(Customizer.withDefaults())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(csrf -> csrf.disable())
            .build();
    }

    /**
     * The operator.
     *
     * @param username {@code sample.operator.username}
     * @param password {@code sample.operator.password}, required
     * @return the only user
     */
    @Bean
    @Profile("!demo")
    UserDetailsService operator(@Value("${sample.operator.username:operator}") String username,
                                @Value("${sample.operator.password:}") String password) {
        if (password.isBlank()) {
            throw new IllegalStateException("sample.operator.password is not set: outside the demo profile the "
                + "actuator's write operations need an operator; set it (for example SAMPLE_OPERATOR_PASSWORD) "
                + "or run with the demo profile");
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(username).password(encoder.encode(password))
            .roles("OPERATOR").build());
    }

    /**
     * The demo: everything open, as the quick start shows it.
     *
     * @param http the security builder
     * @return the filter chain
     * @throws Exception when the chain cannot be built
     */
    @Bean
    @Profile("demo")
    SecurityFilterChain demoOpen(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
            .csrf(csrf -> csrf.disable())
            .build();
    }

    /** @return no user in the demo (and no generated password in the log) */
    @Bean
    @Profile("demo")
    UserDetailsService nobody() {
        return new InMemoryUserDetailsManager();
    }
}
