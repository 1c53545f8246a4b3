package io.initaudit.audit.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.initaudit.audit.AuditReports;
import io.initaudit.audit.AuditSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores each report as its JSON document next to the columns the history lists and sorts by.
 */
@Repository
class JdbcAuditReports implements AuditReports {

	private final JdbcClient jdbc;

	JdbcAuditReports(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void save(AuditSummary s, String reportJson) {
		this.jdbc.sql("""
				insert into audit_report (id, created_at, model_name, framework, verdict, errors, warnings, infos, report)
				values (:id, :createdAt, :modelName, :framework, :verdict, :errors, :warnings, :infos, :report)""")
			.param("id", s.id())
			.param("createdAt", Timestamp.from(s.createdAt()))
			.param("modelName", s.modelName())
			.param("framework", s.framework())
			.param("verdict", s.verdict())
			.param("errors", s.errors())
			.param("warnings", s.warnings())
			.param("infos", s.infos())
			.param("report", reportJson)
			.update();
	}

	@Override
	public Optional<String> findJsonById(String id) {
		return this.jdbc.sql("select report from audit_report where id = :id").param("id", id).query(String.class).optional();
	}

	@Override
	public List<AuditSummary> findPage(int page, int size) {
		return this.jdbc.sql("""
				select id, created_at, model_name, framework, verdict, errors, warnings, infos from audit_report
				order by created_at desc, id desc limit :size offset :offset""")
			.param("size", size)
			.param("offset", (long) page * size)
			.query((rs, i) -> new AuditSummary(rs.getString("id"), rs.getTimestamp("created_at").toInstant(), rs.getString("model_name"),
					rs.getString("framework"), rs.getString("verdict"), rs.getInt("errors"), rs.getInt("warnings"), rs.getInt("infos")))
			.list();
	}

	@Override
	public long count() {
		return this.jdbc.sql("select count(*) from audit_report").query(Long.class).single();
	}

	@Override
	@Transactional
	public int deleteOlderThan(Instant before, long keep) {
		int old = this.jdbc.sql("delete from audit_report where created_at < :before").param("before", Timestamp.from(before)).update();
		int excess = this.jdbc.sql("""
				delete from audit_report where id in (
				  select id from audit_report order by created_at desc, id desc offset :keep rows)""")
			.param("keep", keep)
			.update();
		return old + excess;
	}

}
