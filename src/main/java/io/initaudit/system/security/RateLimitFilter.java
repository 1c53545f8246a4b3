package io.initaudit.system.security;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Token buckets (Bucket4j) per client address and per API key on {@code /api/**}, and a bound on how many requests
 * of one client address are served at once (a slow body holds a request thread until it has arrived). Beyond either:
 * 429 with {@code Retry-After}. The client address is the connection's, or the forwarded one where the operator
 * configures {@code server.forward-headers-strategy} behind a trusted proxy.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	private final RateLimitSettings settings;

	private final Problems problems;

	private final Cache<String, Bucket> clients;

	private final Cache<String, Bucket> keys;

	private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	RateLimitFilter(RateLimitSettings settings, Problems problems) {
		this.settings = settings;
		this.problems = problems;
		this.clients = Caffeine.newBuilder().maximumSize(settings.maxTracked()).expireAfterAccess(Duration.ofMinutes(10)).build();
		this.keys = Caffeine.newBuilder().maximumSize(settings.maxTracked()).expireAfterAccess(Duration.ofMinutes(10)).build();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.settings.enabled() || !request.getServletPath().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		String client = request.getRemoteAddr();
		ConsumptionProbe probe = this.clients.get(client, c -> bucket(this.settings.clientPerSecond(), this.settings.clientBurst())).tryConsumeAndReturnRemaining(1);
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (probe.isConsumed() && auth instanceof ApiKeyAuthenticationFilter.KeyAuthentication key) {
			probe = this.keys.get((String) key.getPrincipal(), k -> bucket(this.settings.keyPerSecond(), this.settings.keyBurst())).tryConsumeAndReturnRemaining(1);
		}
		if (!probe.isConsumed()) {
			long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
			tooMany(request, response, seconds, "Too many requests from this client or key; retry in " + seconds + " s");
			return;
		}
		AtomicInteger running = this.inFlight.computeIfAbsent(client, c -> new AtomicInteger());
		try {
			if (running.incrementAndGet() > this.settings.clientMaxInFlight()) {
				tooMany(request, response, 1, "Too many requests of this client are being served at once (at most " + this.settings.clientMaxInFlight() + ")");
				return;
			}
			chain.doFilter(request, response);
		}
		finally {
			if (running.decrementAndGet() == 0) {
				this.inFlight.remove(client, running);
			}
		}
	}

	private void tooMany(HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds, String detail) throws IOException {
		response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		this.problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, detail);
	}

	private static Bucket bucket(int perSecond, int burst) {
		return Bucket.builder().addLimit(Bandwidth.builder().capacity(Math.max(1, burst)).refillGreedy(Math.max(1, perSecond), Duration.ofSeconds(1)).build())
			.build();
	}

}
