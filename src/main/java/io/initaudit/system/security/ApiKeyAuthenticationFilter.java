package io.initaudit.system.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its key ({@code X-API-Key}, or {@code Authorization: Bearer}): an API key gets the role
 * {@code API}, a worker key the role {@code WORKER}. Keys are compared as SHA-256 digests in constant time against
 * every configured key, and never logged: the principal is the digest's first 12 hex digits.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String API = "API";

	static final String WORKER = "WORKER";

	private final List<byte[]> apiKeys;

	private final List<byte[]> workerKeys;

	ApiKeyAuthenticationFilter(AccessSettings settings) {
		this.apiKeys = settings.apiKeys().stream().map(ApiKeyAuthenticationFilter::digest).toList();
		this.workerKeys = settings.workerKeys().stream().map(ApiKeyAuthenticationFilter::digest).toList();
	}

	/** An authenticated key: its role and a fingerprint that stands for it in limits and logs. */
	static final class KeyAuthentication extends AbstractAuthenticationToken {

		private final String fingerprint;

		KeyAuthentication(String fingerprint, String role) {
			super(AuthorityUtils.createAuthorityList("ROLE_" + role));
			this.fingerprint = fingerprint;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.fingerprint;
		}

	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		String given = key(request);
		if (given != null) {
			byte[] d = digest(given);
			String role = matches(d, this.apiKeys) ? API : matches(d, this.workerKeys) ? WORKER : null;
			if (role != null) {
				SecurityContextHolder.getContext().setAuthentication(new KeyAuthentication(HexFormat.of().formatHex(d, 0, 6), role));
			}
		}
		chain.doFilter(request, response);
	}

	static @Nullable String key(HttpServletRequest request) {
		String given = request.getHeader("X-API-Key");
		String auth = request.getHeader("Authorization");
		if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
			given = auth.substring(7).strip();
		}
		return given == null || given.isEmpty() ? null : given;
	}

	/** Every key is compared, whichever matches: the time does not tell which key (or how much of it) was right. */
	private static boolean matches(byte[] given, List<byte[]> keys) {
		boolean ok = false;
		for (byte[] k : keys) {
			ok |= MessageDigest.isEqual(k, given);
		}
		return ok;
	}

	private static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
