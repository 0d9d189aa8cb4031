package io.orderflow.security;

import java.util.Arrays;
import java.util.Map;

import jakarta.servlet.DispatcherType;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

@Configuration
class WebSecurityConfig {

    static final String CAMUNDA_SETUP = "/camunda/api/admin/setup/**";
    private static final String[] SIMULATORS = {"/sandbox/commerce/**", "/sandbox/reltio/**",
        "/sandbox/sales/events"};
    private static final String[] REPORTS = {"/reports", "/reports/**"};
    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /** The checkout's API: stateless, API key. */
    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, SecurityProperties properties) throws Exception {
        return http.securityMatcher(PATHS.matcher("/api/v1/**"))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyFilter(properties.checkoutApiKey()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // the container's own dispatches of a request already let in: an event stream's end after
                        // its client went away, an error page; stateless, they carry no key to check again
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/v1/callbacks/**").permitAll()
                        .anyRequest().hasAuthority(ApiKeyFilter.CHECKOUT_AUTHORITY))
                .build();
    }

    /**
     * Engine REST: HTTP Basic against Camunda identity, for every resource including {@code /engine}, which Camunda's
     * own filter would leave open. {@link #engineRestAuthentication()} then hands the user this chain let in to the
     * engine, so Camunda authorizations apply.
     */
    @Bean
    @Order(2)
    SecurityFilterChain engineRestChain(HttpSecurity http) throws Exception {
        return basicAuthenticationOnly(http, PATHS.matcher("/engine-rest/**"));
    }

    /**
     * The Camunda webapps authenticate against Camunda identity with their own login and CSRF filter. The Admin
     * first-run setup is refused outright: it would create an administrator whenever the camunda-admin group is empty.
     */
    @Bean
    @Order(3)
    SecurityFilterChain webappChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(PATHS.matcher("/camunda/**"))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(PATHS.matcher(CAMUNDA_SETUP)).denyAll()
                        .anyRequest().permitAll())
                .exceptionHandling(ex -> ex.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.FORBIDDEN)))
                .build();
    }

    /**
     * The sandbox's simulated commerce, Reltio and sales system change the sandbox's world, so every call needs a user:
     * HTTP Basic only, any Camunda user (the application calls them as the user the sandbox profile configures under
     * {@code orderflow.commerce.auth}, {@code orderflow.reltio.auth} and {@code orderflow.sales.auth}). Stateless, so a browser's page session is no
     * credential here and another site cannot make a signed-in browser change them (hence no CSRF token either).
     */
    @Bean
    @Order(4)
    SecurityFilterChain simulatorChain(HttpSecurity http) throws Exception {
        return basicAuthenticationOnly(http,
                paths(SIMULATORS));
    }

    /**
     * Path patterns rather than the strings {@code requestMatchers} takes, which decide between servlets only for a
     * request the container dispatched: the home page asks these rules about a link's path (see PageAccess).
     */
    private static RequestMatcher paths(String... patterns) {
        return new OrRequestMatcher(Arrays.stream(patterns).map(PATHS::matcher).toArray(RequestMatcher[]::new));
    }

    /** Machine to machine: every call carries HTTP Basic credentials of a Camunda user; no session, no CSRF token. */
    private static SecurityFilterChain basicAuthenticationOnly(HttpSecurity http, RequestMatcher paths) throws Exception {
        return http.securityMatcher(paths)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    /**
     * Pages for people: form login, and HTTP Basic for scripts and monitors. Buyers' pages are open: their signed
     * link is the credential. Reports are for sales managers and auditors.
     */
    @Bean
    @Order(5)
    SecurityFilterChain pageChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths("/operations/**")).hasAuthority(Groups.authority(Groups.CAMUNDA_ADMIN))
                        .requestMatchers(paths("/audit", "/audit/**")).hasAuthority(Groups.authority(Groups.AUDITORS))
                        .requestMatchers(paths(REPORTS)).hasAnyAuthority(Groups.authority(Groups.SALES_MANAGERS),
                                Groups.authority(Groups.AUDITORS))
                        .requestMatchers(paths("/q/**", "/d/**", "/login", "/error", "/css/**", "/js/**", "/favicon.ico",
                                "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login"))
                .httpBasic(Customizer.withDefaults())
                .exceptionHandling(ex -> ex.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        new NegatedRequestMatcher(new MediaTypeRequestMatcher(MediaType.TEXT_HTML))))
                .build();
    }

    /**
     * Camunda's engine REST filter takes the user the security chain has already authenticated (the request's
     * principal) and gives the engine that user with their groups and tenants; checking the password a second time
     * cost as much as the rest of a small request.
     */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("engine-rest-authentication");
        registration.addUrlPatterns("/engine-rest/*");
        registration.setInitParameters(Map.of(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                ContainerBasedAuthenticationProvider.class.getName()));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    /**
     * No observation of each security filter, authentication and authorization of every request: nobody reads them,
     * and the requests themselves are observed ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Before the security chains, Camunda's engine REST filter and the webapps, so that it sees every login; after
     * Spring's character encoding filter, because it may read the login form's parameters.
     */
    @Bean
    FilterRegistrationBean<LoginThrottleFilter> loginThrottleFilter(LoginThrottle throttle) {
        FilterRegistrationBean<LoginThrottleFilter> registration = new FilterRegistrationBean<>(new LoginThrottleFilter(throttle));
        registration.setName("login-throttle");
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ExpressionGuardFilter> expressionGuard() {
        FilterRegistrationBean<ExpressionGuardFilter> registration = new FilterRegistrationBean<>(new ExpressionGuardFilter());
        registration.setName("expression-guard");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
