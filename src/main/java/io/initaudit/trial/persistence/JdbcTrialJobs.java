package io.initaudit.trial.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.initaudit.trial.TrialJob;
import io.initaudit.trial.TrialJobs;
import io.initaudit.trial.TrialStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The trial queue in one table. Claims are an update conditioned on the row still being queued, so concurrent
 * workers (threads, instances, worker processes) never take the same trial; the SQL is the same on H2 and PostgreSQL.
 */
@Repository
class JdbcTrialJobs implements TrialJobs {

	private static final String COLUMNS = "id, idempotency_key, status, spec, model_name, created_at, started_at, finished_at, step, total_steps, "
			+ "device, result, error, lease_owner, lease_until, attempts, cancel_requested, engine, device_request";

	private final JdbcClient jdbc;

	JdbcTrialJobs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional
	public boolean insertWithin(TrialJob j, int maxActive) {
		this.jdbc.sql("select id from trial_queue_lock where id = 1 for update").query(Integer.class).single();
		if (countActive() >= maxActive) {
			return false;
		}
		this.jdbc.sql("insert into trial_job (" + COLUMNS + ") values (:id, :key, :status, :spec, :model, :created, null, null, 0, :total, null, :result, "
				+ "null, null, null, 0, false, :engine, :deviceRequest)")
			.param("id", j.id())
			.param("key", j.idempotencyKey())
			.param("status", j.status().name())
			.param("spec", j.spec())
			.param("model", j.modelName().length() > 200 ? j.modelName().substring(0, 200) : j.modelName())
			.param("created", Timestamp.from(j.createdAt()))
			.param("total", j.totalSteps())
			.param("result", j.result())
			.param("engine", j.engine())
			.param("deviceRequest", j.deviceRequest())
			.update();
		return true;
	}

	@Override
	public Optional<TrialJob> findById(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from trial_job where id = :id").param("id", id).query(JdbcTrialJobs::row).optional();
	}

	@Override
	public Optional<TrialJob> findByIdempotencyKey(String key) {
		return this.jdbc.sql("select " + COLUMNS + " from trial_job where idempotency_key = :key").param("key", key).query(JdbcTrialJobs::row)
			.optional();
	}

	@Override
	public List<TrialJob> findPage(int page, int size) {
		return this.jdbc.sql("select " + COLUMNS + " from trial_job order by created_at desc, id desc limit :size offset :offset")
			.param("size", size)
			.param("offset", (long) page * size)
			.query(JdbcTrialJobs::row)
			.list();
	}

	@Override
	public long count() {
		return this.jdbc.sql("select count(*) from trial_job").query(Long.class).single();
	}

	@Override
	public long countActive() {
		return this.jdbc.sql("select count(*) from trial_job where status in ('QUEUED', 'RUNNING')").query(Long.class).single();
	}

	@Override
	@Transactional
	public Optional<TrialJob> claimNext(String owner, Instant now, Instant leaseUntil, Capability capability) {
		for (int attempt = 0; attempt < 5; attempt++) {
			Optional<String> candidate = this.jdbc.sql("""
					select id from trial_job where status = 'QUEUED' and engine in ('auto', :engine) and device_request in ('auto', :device)
					order by created_at, id limit 1""")
				.param("engine", capability.engine())
				.param("device", capability.gpu() ? "gpu" : "cpu")
				.query(String.class)
				.optional();
			if (candidate.isEmpty()) {
				return Optional.empty();
			}
			int claimed = this.jdbc.sql("""
					update trial_job set status = 'RUNNING', lease_owner = :owner, lease_until = :until, attempts = attempts + 1,
					started_at = coalesce(started_at, :now) where id = :id and status = 'QUEUED'""")
				.param("owner", owner)
				.param("until", Timestamp.from(leaseUntil))
				.param("now", Timestamp.from(now))
				.param("id", candidate.get())
				.update();
			if (claimed == 1) {
				return findById(candidate.get());
			}
		}
		return Optional.empty();
	}

	@Override
	public void recordWorker(String name, Capability capability, String device, Instant now) {
		String n = name.length() > 100 ? name.substring(0, 100) : name;
		String d = device.length() > 200 ? device.substring(0, 200) : device;
		int updated = this.jdbc.sql("update trial_worker set engine = :engine, gpu = :gpu, device = :device, last_seen = :now where name = :name")
			.param("engine", capability.engine())
			.param("gpu", capability.gpu())
			.param("device", d)
			.param("now", Timestamp.from(now))
			.param("name", n)
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql("insert into trial_worker (name, engine, gpu, device, last_seen) values (:name, :engine, :gpu, :device, :now)")
					.param("name", n)
					.param("engine", capability.engine())
					.param("gpu", capability.gpu())
					.param("device", d)
					.param("now", Timestamp.from(now))
					.update();
			}
			catch (DuplicateKeyException ex) {
				// Two polls of the same worker at once: the other one recorded it.
			}
		}
	}

	@Override
	public boolean workerSeen(Capability capability, Instant since) {
		return this.jdbc.sql("select count(*) from trial_worker where engine = :engine and gpu = :gpu and last_seen > :since")
			.param("engine", capability.engine())
			.param("gpu", capability.gpu())
			.param("since", Timestamp.from(since))
			.query(Long.class)
			.single() > 0;
	}

	@Override
	public Lease heartbeat(String id, String owner, int step, Instant leaseUntil, String resultJson, String device) {
		int updated = this.jdbc.sql("""
				update trial_job set step = :step, lease_until = :until, result = :result, device = :device
				where id = :id and lease_owner = :owner and status = 'RUNNING'""")
			.param("step", step)
			.param("until", Timestamp.from(leaseUntil))
			.param("result", resultJson)
			.param("device", device)
			.param("id", id)
			.param("owner", owner)
			.update();
		if (updated != 1) {
			return Lease.LOST;
		}
		boolean cancel = this.jdbc.sql("select cancel_requested from trial_job where id = :id").param("id", id).query(Boolean.class).single();
		return cancel ? Lease.CANCEL_REQUESTED : Lease.HELD;
	}

	@Override
	public boolean finish(String id, String owner, TrialStatus status, Instant now, String resultJson, @Nullable String error) {
		return this.jdbc.sql("""
				update trial_job set status = :status, finished_at = :now, result = :result, error = :error, lease_owner = null, lease_until = null,
				step = case when :status = 'SUCCEEDED' then total_steps else step end
				where id = :id and lease_owner = :owner and status = 'RUNNING'""")
			.param("status", status.name())
			.param("now", Timestamp.from(now))
			.param("result", resultJson)
			.param("error", error)
			.param("id", id)
			.param("owner", owner)
			.update() == 1;
	}

	@Override
	public boolean release(String id, String owner) {
		return this.jdbc.sql("""
				update trial_job set status = 'QUEUED', lease_owner = null, lease_until = null
				where id = :id and lease_owner = :owner and status = 'RUNNING'""")
			.param("id", id)
			.param("owner", owner)
			.update() == 1;
	}

	@Override
	public boolean cancel(String id, Instant now) {
		int queued = this.jdbc.sql("update trial_job set status = 'CANCELLED', finished_at = :now, cancel_requested = true "
				+ "where id = :id and status = 'QUEUED'")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
		if (queued == 1) {
			return true;
		}
		return this.jdbc.sql("update trial_job set cancel_requested = true where id = :id and status = 'RUNNING'").param("id", id).update() == 1;
	}

	@Override
	@Transactional
	public int recoverExpired(Instant now, int maxAttempts) {
		Timestamp t = Timestamp.from(now);
		int failed = this.jdbc.sql("""
				update trial_job set status = 'FAILED', finished_at = :now, lease_owner = null, lease_until = null,
				error = 'its worker was lost (lease expired) after ' || attempts || ' attempts'
				where status = 'RUNNING' and lease_until < :now and attempts >= :max""")
			.param("now", t)
			.param("max", maxAttempts)
			.update();
		int requeued = this.jdbc.sql("""
				update trial_job set status = 'QUEUED', lease_owner = null, lease_until = null
				where status = 'RUNNING' and lease_until < :now and attempts < :max""")
			.param("now", t)
			.param("max", maxAttempts)
			.update();
		return failed + requeued;
	}

	private static TrialJob row(ResultSet rs, int i) throws SQLException {
		return new TrialJob(rs.getString("id"), rs.getString("idempotency_key"), TrialStatus.valueOf(rs.getString("status")), rs.getString("spec"),
				rs.getString("model_name"), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"), rs.getInt("step"),
				rs.getInt("total_steps"), rs.getString("device"), rs.getString("result"), rs.getString("error"), rs.getString("lease_owner"),
				instant(rs, "lease_until"), rs.getInt("attempts"), rs.getBoolean("cancel_requested"), rs.getString("engine"), rs.getString("device_request"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

}
