package io.initaudit.system;

import java.io.IOException;
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
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When {@code initaudit.api-keys} (env {@code INITAUDIT_API_KEYS}) lists keys, every /api/** request needs one, as
 * {@code X-API-Key} or {@code Authorization: Bearer}; otherwise 401 problem+json. With no keys the API is open (the
 * default for {@code mvn spring-boot:run}). The dashboard, docs and actuator stay open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ApiKeyFilter extends OncePerRequestFilter {

	private final List<byte[]> keys;

	ApiKeyFilter(@Value("${initaudit.api-keys:}") String keys) {
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
		response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
				+ "\"detail\":\"This API needs a key: send it as X-API-Key or Authorization: Bearer\",\"instance\":\"" + request.getRequestURI().replace("\"", "")
				+ "\"}");
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
