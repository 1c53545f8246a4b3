package io.initaudit.audit.persistence;

import java.util.List;

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
