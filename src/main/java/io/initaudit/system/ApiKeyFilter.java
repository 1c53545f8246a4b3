package io.initaudit.system;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * When {@code initaudit.api-keys} (env {@code INITAUDIT_API_KEYS}) lists keys, every /api/** request needs one, as
 * {@code X-API-Key} or {@code Authorization: Bearer}; otherwise 401 problem+json. With no keys the API is open (the
 * default for {@code mvn spring-boot:run}). The dashboard, docs and actuator stay open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ApiKeyFilter extends OncePerRequestFilter {

	private final List<byte[]> keys;

	private final JsonMapper json;

	ApiKeyFilter(@Value("${initaudit.api-keys:}") String keys, JsonMapper json) {
		this.json = json;
		this.keys = Arrays.stream(keys.split(",")).map(String::strip).filter(k -> !k.isEmpty()).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return this.keys.isEmpty() || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		String given = request.getHeader("X-API-Key");
		String auth = request.getHeader("Authorization");
		if (given == null && auth != null && auth.startsWith("Bearer ")) {
			given = auth.substring(7).strip();
		}
		if (given != null && matches(given.getBytes(StandardCharsets.UTF_8))) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("WWW-Authenticate", "Bearer");
		response.setContentType("application/problem+json");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"This API needs a key: send it as X-API-Key or Authorization: Bearer");
		try {
			problem.setInstance(URI.create(request.getRequestURI()));
		}
		catch (IllegalArgumentException ex) {
			// Not a URI reference: leave instance out rather than echo it.
		}
		response.getWriter().write(this.json.writeValueAsString(problem));
	}

	/** Constant-time comparison against every configured key. */
	private boolean matches(byte[] given) {
		boolean ok = false;
		for (byte[] k : this.keys) {
			ok |= MessageDigest.isEqual(k, given);
		}
		return ok;
	}

}
