package io.initaudit.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * The reports of bodies this process audited, by a hash of what decides the report: the service version, the body's
 * source and its JSON (whitespace aside). CI jobs audit the same model on every push; an identical body gets the same
 * findings as a new report (its own id, stored as every audit is) without being read, audited and serialized again.
 * Least recently used entries go first. A restart starts empty, so a new version never answers with an old version's
 * findings.
 */
final class ReusedAudits {

	/**
	 * Bodies up to this size are found by a CRC-32C of their bytes and then compared byte for byte with the body
	 * they were remembered for (SHA-256 of a 30 kB body was 15% of a reused audit's time under load; CRC-32C is one
	 * instruction per 8 bytes and {@code Arrays.equals} a vectorized compare). Larger bodies are found by SHA-256 and
	 * not kept: 256 entries hold at most 32 MiB of bodies.
	 */
	static final int MAX_COMPARED_BODY = 128 * 1024;

	private final int capacity;

	private final Map<String, Entry> entries;

	/** A remembered report, and the body it answers when it was found by its bytes' checksum (else {@code null}). */
	private record Entry(AuditManagement.StoredReport stored, byte @Nullable [] body) {
	}

	ReusedAudits(int capacity) {
		this.capacity = capacity;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
				return size() > ReusedAudits.this.capacity;
			}

		};
	}

	/**
	 * The key of one request: SHA-256 of version, source, what the body is ({@code json}: its compact JSON, or
	 * {@code bytes}: the bytes as sent) and the body.
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

	/**
	 * The key of a body as sent, which a CI job repeats exactly and which needs no parsing: its length and CRC-32C
	 * (the body itself is compared on lookup, see {@link #MAX_COMPARED_BODY}), or {@link #key} for larger bodies.
	 */
	static String bytesKey(String version, String source, byte[] body) {
		if (body.length > MAX_COMPARED_BODY) {
			return key(version, source, "bytes", body);
		}
		CRC32C crc = new CRC32C();
		crc.update(body);
		return "crc32c:" + body.length + ':' + Long.toHexString(crc.getValue()) + ':' + source + ':' + version;
	}

	synchronized AuditManagement.@Nullable StoredReport get(String key, byte @Nullable [] body) {
		Entry e = this.capacity == 0 ? null : this.entries.get(key);
		if (e == null || (e.body() != null && (body == null || !Arrays.equals(e.body(), body)))) {
			return null;
		}
		return e.stored();
	}

	/** @param body the body {@code key} was made from by {@link #bytesKey}, kept to compare; {@code null} for {@link #key} */
	synchronized void put(String key, byte @Nullable [] body, AuditManagement.StoredReport stored) {
		if (this.capacity > 0) {
			this.entries.put(key, new Entry(stored, key.startsWith("crc32c:") ? body : null));
		}
	}

	synchronized void clear() {
		this.entries.clear();
	}

}
