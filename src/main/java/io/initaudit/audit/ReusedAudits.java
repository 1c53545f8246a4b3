package io.initaudit.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The reports of bodies this process audited, by a hash of what decides the report: the service version, the body's
 * source and its JSON (whitespace aside). CI jobs audit the same model on every push; an identical body gets the same
 * findings as a new report (its own id, stored as every audit is) without being read, audited and serialized again.
 * Least recently used entries go first. A restart starts empty, so a new version never answers with an old version's
 * findings.
 */
final class ReusedAudits {

	private final int capacity;

	private final Map<String, AuditManagement.StoredReport> entries;

	ReusedAudits(int capacity) {
		this.capacity = capacity;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, AuditManagement.StoredReport> eldest) {
				return size() > ReusedAudits.this.capacity;
			}

		};
	}

	/**
	 * The key of one request: SHA-256 of version, source, what the body is ({@code json}: its compact JSON, or
	 * {@code bytes}: the bytes as sent, which a CI job repeats exactly and which need no parsing to hash) and the body.
	 */
	static String key(String version, String source, String form, byte[] body) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update((version + '\n' + source + '\n' + form + '\n').getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha.digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

	synchronized AuditManagement.@Nullable StoredReport get(String key) {
		return this.capacity == 0 ? null : this.entries.get(key);
	}

	synchronized void put(String key, AuditManagement.StoredReport stored) {
		if (this.capacity > 0) {
			this.entries.put(key, stored);
		}
	}

	synchronized void clear() {
		this.entries.clear();
	}

}
