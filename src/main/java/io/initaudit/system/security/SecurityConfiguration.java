package io.initaudit.system.security;

import java.util.List;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * One security filter chain for the whole service. Paths are decided by Spring Security on the normalised path;
 * its strict firewall rejects {@code ;}, encoded separators, {@code //} and {@code ..} with a 400 before anything
 * routes. With keys configured, deny by default: the dashboard, documentation, OpenAPI, health (and metrics when
 * public) are open; {@code /api/v1/workers/**} needs a worker key; everything else needs an API key.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	/** What a browser may load and run: only this origin's own scripts, styles, images and connections. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	/** Open with or without keys. */
	static final String[] PUBLIC = { "/", "/index.html", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/docs/**", "/v3/api-docs",
			"/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/actuator/health", "/actuator/health/**", "/actuator/info" };

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, AccessSettings access, RateLimitSettings limits, JsonMapper json) throws Exception {
		Problems problems = new Problems(json);
		ApiKeyAuthenticationFilter keys = new ApiKeyAuthenticationFilter(access);
		http.csrf(c -> c.disable())
			.httpBasic(b -> b.disable())
			.formLogin(f -> f.disable())
			.logout(l -> l.disable())
			.requestCache(r -> r.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.cors(c -> c.configurationSource(corsSource(access)))
			.headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions(f -> f.deny()))
			.exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
				response.setHeader("WWW-Authenticate", "Bearer");
				problems.write(request, response, HttpStatus.UNAUTHORIZED, "This API needs a key: send it as X-API-Key or Authorization: Bearer");
			}).accessDeniedHandler((request, response, ex) -> problems.write(request, response, HttpStatus.FORBIDDEN,
					"This key may not use this endpoint (worker keys may only lease, heartbeat and report trials)")))
			.addFilterBefore(keys, AnonymousAuthenticationFilter.class)
			.addFilterAfter(new RateLimitFilter(limits, problems), ApiKeyAuthenticationFilter.class)
			.authorizeHttpRequests(a -> {
				// Error and async dispatches belong to a request that was already authorized (error pages, SSE).
				a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
				a.requestMatchers(PUBLIC).permitAll();
				if (access.publicMetrics()) {
					a.requestMatchers("/actuator/prometheus").permitAll();
				}
				if (access.open()) {
					a.anyRequest().permitAll();
				}
				else {
					a.requestMatchers("/api/v1/workers/**").hasRole(ApiKeyAuthenticationFilter.WORKER);
					a.anyRequest().hasRole(ApiKeyAuthenticationFilter.API);
				}
			});
		return http.build();
	}

	/** No users, no passwords: keys are the only credentials (and Boot does not generate and log a password). */
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
	}

	/** The strict firewall, and its refusals as 400 problem details instead of the container's error page. */
	@Bean
	WebSecurityCustomizer firewall(JsonMapper json) {
		Problems problems = new Problems(json);
		RequestRejectedHandler rejected = (request, response, ex) -> problems.write(request, response, HttpStatus.BAD_REQUEST,
				"The request URL is not in normal form (no ';', encoded '/', '\\\\' or '%', '//', '.' or '..' segments)");
		return web -> web.httpFirewall(new StrictHttpFirewall()).requestRejectedHandler(rejected);
	}

	private static CorsConfigurationSource corsSource(AccessSettings access) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!access.corsAllowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(access.corsAllowedOrigins());
			cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
			cors.setAllowedHeaders(List.of("Content-Type", "Accept", "X-API-Key", "Authorization", "Idempotency-Key", "X-Request-Id"));
			cors.setExposedHeaders(List.of("Location", "Retry-After", "X-Request-Id"));
			cors.setMaxAge(3600L);
			source.registerCorsConfiguration("/api/**", cors);
		}
		return source;
	}

}
