package io.initaudit.audit.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.initaudit.PostgresDatabase;
import io.initaudit.audit.AuditManagement;
import io.initaudit.audit.AuditReport;
import io.initaudit.audit.AuditReports;
import io.initaudit.audit.AuditSummary;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The report repository against a real PostgreSQL (Testcontainers where a Docker engine runs, else the server at
 * 127.0.0.1:5432), migrated by Flyway into a schema of its own.
 */
@SpringBootTest(properties = "initaudit.trial.worker-enabled=false")
class PostgresAuditReportsIntegrationTests {

	static final String SCHEMA = PostgresDatabase.newSchema("initaudit_it_");

	static final PostgresDatabase DB = PostgresDatabase.get();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		DB.register(registry, SCHEMA);
	}

	@Autowired
	AuditManagement audits;

	@Autowired
	AuditReports reports;

	@Autowired
	JsonMapper json;

	@AfterAll
	static void dropSchema() throws Exception {
		DB.dropSchema(SCHEMA);
	}

	@Test
	void storesAndReadsBackReportsNewestFirst() {
		AuditManagement.StoredReport a = this.audits.audit(model("a", "torch.nn.init.kaiming_normal_(w, mode='fan_out')"));
		AuditReport b = this.audits.audit(model("b", "torch.nn.init.xavier_uniform_(w)")).report();
		assertThat(this.audits.findJson(a.report().id())).isEqualTo(a.json());
		assertThat(this.audits.find(a.report().id())).isEqualTo(a.report());
		List<AuditSummary> page = this.reports.findPage(0, 10);
		assertThat(page).extracting(AuditSummary::id).containsSubsequence(b.id(), a.report().id());
		assertThat(page.get(0).createdAt()).isAfterOrEqualTo(page.get(1).createdAt());
		assertThat(this.reports.count()).isGreaterThanOrEqualTo(2);
		assertThat(this.reports.findJsonById("missing")).isEmpty();
	}

	/**
	 * A reused audit is stored as a new head (its id and time) before the earlier report's compressed rest: read back,
	 * each document is exactly the one answered, and both the report and its copy keep their own id and time.
	 */
	@Test
	void aReusedReportIsStoredWithItsOwnHeadAndReadsBackWhole() {
		AuditManagement.StoredReport first = this.audits.audit(model("reused-ü×", "torch.nn.init.kaiming_normal_(w, mode='fan_out')"));
		assertThat(first.headLength()).isPositive();
		AuditManagement.StoredReport second = this.audits.again(first, true);
		AuditManagement.StoredReport third = this.audits.again(second, true);
		assertThat(second.tail()).isSameAs(first.tail());
		assertThat(third.tail()).isSameAs(first.tail());
		for (AuditManagement.StoredReport r : List.of(first, second, third)) {
			assertThat(this.audits.findJson(r.report().id())).isEqualTo(r.json());
			assertThat(this.audits.find(r.report().id())).isEqualTo(r.report());
		}
		assertThat(second.report().id()).isNotEqualTo(first.report().id());
		assertThat(second.json()).endsWith(first.json().substring(first.headLength()));
	}

	/**
	 * Concurrent saves share transactions (GroupCommit): every report saved is readable once its save returned, and a
	 * row the database refuses (an id already stored: the primary key) fails only its own save, not the rows of the
	 * requests committed with it.
	 */
	@Test
	void concurrentSavesAreEachCommittedAndABadRowFailsOnlyItself() throws Exception {
		String prefix = "concurrent-" + System.nanoTime() + "-";
		this.reports.save(summary(prefix + "taken"), "{\"id\":\"taken\"}".getBytes(StandardCharsets.UTF_8));
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<?>> saves = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			String id = i == 97 ? prefix + "taken" : prefix + i;
			byte[] doc = ("{\"id\":\"" + id + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
			saves.add(pool.submit(() -> {
				this.reports.save(summary(id), doc);
				assertThat(this.reports.findJsonById(id)).as("%s readable once saved", id).isPresent();
				return null;
			}));
		}
		for (int i = 0; i < 200; i++) {
			Future<?> save = saves.get(i);
			if (i == 97) {
				assertThatThrownBy(() -> save.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(RuntimeException.class);
			}
			else {
				save.get(60, TimeUnit.SECONDS);
			}
		}
		pool.shutdown();
		for (int i = 0; i < 200; i++) {
			if (i != 97) {
				assertThat(this.reports.findJsonById(prefix + i)).as("row %d", i).isPresent();
			}
		}
		assertThat(this.reports.findJsonById(prefix + "taken")).hasValueSatisfying(j -> assertThat(j).contains("\"taken\""));
	}

	private static AuditSummary summary(String id) {
		return new AuditSummary(id, Instant.parse("2026-12-03T00:00:00Z"), "m", "pytorch", "pass", 0, 0, 0);
	}

	@Test
	void storesUnicodeNames() {
		AuditReport r = this.audits.audit(model("模型-ü", "he_normal")).report();
		assertThat(this.audits.find(r.id()).model().name()).isEqualTo("模型-ü");
	}

	private ModelDescription model(String name, String init) {
		String body = """
				{"name": "%s", "framework": "pytorch", "layers": [{"name": "c", "type": "conv2d", "in_channels": 64, "out_channels": 64,
				 "kernel_size": 3, "groups": 64, "init": "%s"}]}""".formatted(name, init);
		return new ModelReader().read(this.json.readTree(body));
	}

}
