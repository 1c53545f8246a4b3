package io.initaudit.audit.persistence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.initaudit.audit.AuditReports;
import io.initaudit.audit.AuditSummary;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores each report as its JSON document next to the columns the history lists and sorts by: gzip-compressed inline
 * ({@code report_gz}, one gzip member for the head and one for the rest, see {@link AuditReports#save(AuditSummary, byte[], int,
 * StoredTail)}) up to {@link #MAX_INLINE_BYTES}, as text beyond.
 */
@Repository
class JdbcAuditReports implements AuditReports {

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batch;

	private final TransactionTemplate ownTransaction;

	/** Reports written together (see {@link GroupCommit}): at most this many per transaction. */
	static final int MAX_BATCH = 32;

	private final GroupCommit<MapSqlParameterSource> inserts;

	JdbcAuditReports(JdbcClient jdbc, NamedParameterJdbcTemplate batch, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.ownTransaction = new TransactionTemplate(transactions);
		// Its own transaction, committed before any caller of the batch returns, whatever transaction the leader is in.
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.inserts = new GroupCommit<>(MAX_BATCH, this::insert);
	}

	private static final String INSERT = """
			insert into audit_report (id, created_at, model_name, framework, verdict, errors, warnings, infos, report, report_gz)
			values (:id, :createdAt, :modelName, :framework, :verdict, :errors, :warnings, :infos, :report, :gz)""";

	private void insert(List<MapSqlParameterSource> rows) {
		this.ownTransaction.executeWithoutResult(status -> this.batch.batchUpdate(INSERT, rows.toArray(new SqlParameterSource[0])));
	}

	/** gzip of a document's tail: a stored document is gzip(head) followed by it (gzip members concatenate, RFC 1952 §2.2). */
	private record GzipTail(byte[] gz) implements StoredTail {
	}

	@Override
	public StoredTail tail(byte[] reportJson, int from) {
		return new GzipTail(gzip(reportJson, from, reportJson.length - from));
	}

	@Override
	public void save(AuditSummary s, byte[] reportJson, int headLength, StoredTail tail) {
		byte[] rest = ((GzipTail) tail).gz();
		byte[] gz = rest;
		if (headLength > 0) {
			byte[] head = gzip(reportJson, 0, headLength);
			gz = Arrays.copyOf(head, head.length + rest.length);
			System.arraycopy(rest, 0, gz, head.length, rest.length);
		}
		boolean inline = gz.length <= MAX_INLINE_BYTES;
		MapSqlParameterSource row = new MapSqlParameterSource()
			.addValue("id", s.id())
			.addValue("createdAt", Timestamp.from(s.createdAt()))
			.addValue("modelName", s.modelName())
			.addValue("framework", s.framework())
			.addValue("verdict", s.verdict())
			.addValue("errors", s.errors())
			.addValue("warnings", s.warnings())
			.addValue("infos", s.infos())
			.addValue("report", inline ? null : new String(reportJson, StandardCharsets.UTF_8), Types.VARCHAR)
			.addValue("gz", inline ? gz : null, Types.BINARY);
		// Committed, with the reports of concurrent requests, before this returns: an answered report is stored.
		this.inserts.save(row);
	}

	@Override
	public Optional<String> findJsonById(String id) {
		return this.jdbc.sql("select report, report_gz from audit_report where id = :id")
			.param("id", id)
			.query((rs, row) -> {
				byte[] gz = rs.getBytes("report_gz");
				return gz != null ? gunzip(gz) : rs.getString("report");
			})
			.optional();
	}

	@Override
	public List<AuditSummary> findPage(int page, int size) {
		return this.jdbc.sql("""
				select id, created_at, model_name, framework, verdict, errors, warnings, infos from audit_report
				order by created_at desc, id desc limit :size offset :offset""")
			.param("size", size)
			.param("offset", (long) page * size)
			.query(JdbcAuditReports::summary)
			.list();
	}

	@Override
	public long count() {
		return this.jdbc.sql("select count(*) from audit_report").query(Long.class).single();
	}

	/** Compressed reports up to this size are stored inline (H2 keeps binary values up to 1,000,000 bytes in the row). */
	static final int MAX_INLINE_BYTES = 900_000;

	/**
	 * gzip at the fastest level: the insert is on the request path, and for a report's repetitive JSON it compresses
	 * nearly as well as the default level (docs/benchmarks.md).
	 */
	static byte[] gzip(byte[] utf8) {
		return gzip(utf8, 0, utf8.length);
	}

	static byte[] gzip(byte[] utf8, int from, int length) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(length / 8 + 64);
		try (GZIPOutputStream gz = new GZIPOutputStream(out) {
			{
				this.def.setLevel(Deflater.BEST_SPEED);
			}
		}) {
			gz.write(utf8, from, length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	static String gunzip(byte[] bytes) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Rows one retention statement deletes at most: short transactions, so inserts and reads never wait long. */
	static final int RETENTION_BATCH = 200;

	private static final String SUMMARY = "select id, created_at, model_name, framework, verdict, errors, warnings, infos from audit_report ";

	@Override
	public int deleteOlderThan(Instant before, long keep) {
		int deleted = 0;
		Timestamp t = Timestamp.from(before);
		// Too old: the oldest reports first, a batch at a time (through the batch's last one, or the last old one).
		Optional<AuditSummary> limit;
		while ((limit = batchEnd("where created_at < :before ", t)).isPresent()) {
			deleted += deleteThrough(limit.get());
		}
		// Beyond the newest `keep`: through the newest of those that must go, a batch at a time.
		Optional<AuditSummary> cut;
		while ((cut = this.jdbc.sql(SUMMARY + "order by created_at desc, id desc offset :keep rows fetch first 1 row only").param("keep", keep)
			.query(JdbcAuditReports::summary).optional()).isPresent()) {
			AuditSummary end = batchEnd("", null).orElseThrow();
			deleted += deleteThrough(order(end, cut.get()) <= 0 ? end : cut.get());
		}
		return deleted;
	}

	/** The last of the oldest {@link #RETENTION_BATCH} reports matching {@code where} (or the last of them, if fewer). */
	private Optional<AuditSummary> batchEnd(String where, Timestamp before) {
		List<AuditSummary> batch = this.jdbc.sql(SUMMARY + where + "order by created_at, id fetch first " + RETENTION_BATCH + " rows only")
			.params(before == null ? Map.of() : Map.of("before", before))
			.query(JdbcAuditReports::summary)
			.list();
		return batch.isEmpty() ? Optional.empty() : Optional.of(batch.get(batch.size() - 1));
	}

	private int deleteThrough(AuditSummary last) {
		return this.jdbc.sql("delete from audit_report where created_at < :t or (created_at = :t and id <= :id)")
			.param("t", Timestamp.from(last.createdAt()))
			.param("id", last.id())
			.update();
	}

	/** The history's order, oldest first: created_at, then id. */
	private static int order(AuditSummary a, AuditSummary b) {
		int c = a.createdAt().compareTo(b.createdAt());
		return c != 0 ? c : a.id().compareTo(b.id());
	}

	private static AuditSummary summary(ResultSet rs, int row) throws SQLException {
		return new AuditSummary(rs.getString("id"), rs.getTimestamp("created_at").toInstant(), rs.getString("model_name"), rs.getString("framework"),
				rs.getString("verdict"), rs.getInt("errors"), rs.getInt("warnings"), rs.getInt("infos"));
	}

}
