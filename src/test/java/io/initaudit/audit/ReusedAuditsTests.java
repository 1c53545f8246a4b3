package io.initaudit.audit;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a body is found again: by a checksum of its bytes, then compared with the body remembered. */
class ReusedAuditsTests {

	static final AuditManagement.StoredReport STORED = new AuditManagement.StoredReport(null, new byte[] { '{', '}' }, Map.of());

	@Test
	void aBodyIsFoundByItsBytesAndOnlyByTheSameBytes() {
		ReusedAudits reused = new ReusedAudits(4);
		byte[] body = "{\"layers\": []}".getBytes(StandardCharsets.UTF_8);
		String key = ReusedAudits.bytesKey("1.0", "description", body);
		reused.put(key, body, STORED);
		assertThat(reused.get(key, body.clone())).isSameAs(STORED);
		// Another body under the same key (as a CRC-32C collision would be): not reused.
		byte[] other = "{\"layers\": [1]}".getBytes(StandardCharsets.UTF_8);
		assertThat(reused.get(key, other)).isNull();
		assertThat(reused.get(key, null)).isNull();
		// The key names the version and the source: another of either is another key.
		assertThat(ReusedAudits.bytesKey("1.1", "description", body)).isNotEqualTo(key);
		assertThat(ReusedAudits.bytesKey("1.0", "keras", body)).isNotEqualTo(key);
	}

	@Test
	void aLargeBodyIsFoundBySha256AndNotKept() {
		ReusedAudits reused = new ReusedAudits(4);
		byte[] body = new byte[ReusedAudits.MAX_COMPARED_BODY + 1];
		String key = ReusedAudits.bytesKey("1.0", "description", body);
		assertThat(key).isEqualTo(ReusedAudits.key("1.0", "description", "bytes", body));
		reused.put(key, body, STORED);
		assertThat(reused.get(key, null)).isSameAs(STORED);
	}

	@Test
	void capacityZeroRemembersNothing() {
		ReusedAudits reused = new ReusedAudits(0);
		byte[] body = { 1, 2, 3 };
		String key = ReusedAudits.bytesKey("1.0", "description", body);
		reused.put(key, body, STORED);
		assertThat(reused.get(key, body)).isNull();
	}

}
