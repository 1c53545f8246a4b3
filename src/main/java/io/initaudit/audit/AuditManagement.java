package io.initaudit.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.initaudit.core.Distribution;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.MeasurementSlots;
import io.initaudit.sampling.NetworkLimitException;
import io.initaudit.sampling.SampleStats;
import io.initaudit.sampling.Sampler;
import io.initaudit.sampling.config.MeasureSettings;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs audits and keeps their reports. A report is serialized once: the stored document is the answer.
 */
@Service
public class AuditManagement {

	private static final Logger LOG = LoggerFactory.getLogger(AuditManagement.class);

	private final AuditReports reports;

	private final Auditor auditor;

	private final JsonMapper json;

	private final Clock clock;

	private final Sampler sampler;

	private final MeasurementSlots slots;

	private final MeasureSettings measureSettings;

	private final MeterRegistry meters;

	private final Timer samplerTime;

	private final AuditSettings settings;

	AuditManagement(AuditReports reports, AuditSettings settings, JsonMapper json, Sampler sampler, MeasurementSlots slots,
			MeasureSettings measureSettings, MeterRegistry meters) {
		this.reports = reports;
		this.auditor = new Auditor(settings.thresholds());
		this.settings = settings;
		this.json = json;
		this.clock = Clock.systemUTC();
		this.sampler = sampler;
		this.slots = slots;
		this.measureSettings = measureSettings;
		this.meters = meters;
		this.reused = new ReusedAudits(settings.reuseCapacity());
		this.samplerTime = Timer.builder("initaudit.sampler.time").description("Time to sample one parameter's declared and corrected laws")
			.register(meters);
	}

	private final ReusedAudits reused;

	/**
	 * A report and the JSON document it is stored (and answered) as, in UTF-8: the document is written once as bytes
	 * (a report's messages hold non-Latin-1 characters such as ×, √ and ≥, and encoding such a String to UTF-8 on every
	 * answer and insert was a third of an audit's CPU time under load, docs/benchmarks.md).
	 */
	public record StoredReport(AuditReport report, byte[] utf8, Map<String, Integer> findingCounts, int headLength,
			AuditReports.@Nullable StoredTail tail) {

		StoredReport(AuditReport report, byte[] utf8, Map<String, Integer> findingCounts) {
			this(report, utf8, findingCounts, 0, null);
		}

		public String json() {
			return new String(this.utf8, StandardCharsets.UTF_8);
		}

		/** The report's findings (model-wide and per parameter) by {@code code\nseverity}: counted once per report. */
		static Map<String, Integer> tally(AuditReport report) {
			Map<String, Integer> tally = new HashMap<>();
			report.findings().forEach(f -> tally.merge(f.code() + "\n" + f.severity(), 1, Integer::sum));
			report.layers().forEach(l -> l.parameters().forEach(p -> p.findings().forEach(f -> tally.merge(f.code() + "\n" + f.severity(), 1, Integer::sum))));
			return Map.copyOf(tally);
		}

	}

	/**
	 * The report of an identical body this process audited before ({@link #key}), or {@code null}: its findings need
	 * not be computed again ({@link #again}).
	 */
	public @Nullable StoredReport reusable(String key, byte @Nullable [] body) {
		return this.reused.get(key, body);
	}

	/**
	 * Remembers an audit's report for {@link #reusable}.
	 *
	 * @param body the body a {@link #rawKey} was made from (it is compared on lookup), or {@code null} for a {@link #key}
	 */
	public void remember(String key, byte @Nullable [] body, StoredReport stored) {
		this.reused.put(key, body, stored);
	}

	/**
	 * The report of {@code earlier} as a new report of its own (a new id and time), stored when {@code store} is set:
	 * an identical body audited again, without reading, auditing or serializing it again. No transaction here: the
	 * repository commits the insert (with those of concurrent requests) before {@code save} returns.
	 */
	public StoredReport again(StoredReport earlier, boolean store) {
		Instant now = Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS);
		AuditReport old = earlier.report();
		AuditReport report = new AuditReport(UUID.randomUUID().toString(), now, old.model(), old.verdict(), old.summary(), old.layers(),
				old.findings(), old.notes());
		// The document starts with id and createdAt (the record's first components): only that prefix changes.
		byte[] oldPrefix = identity(old);
		byte[] earlierDocument = earlier.utf8();
		byte[] document;
		int head = 0;
		AuditReports.StoredTail tail = null;
		if (startsWith(earlierDocument, oldPrefix)) {
			byte[] prefix = identity(report);
			document = new byte[prefix.length + earlierDocument.length - oldPrefix.length];
			System.arraycopy(prefix, 0, document, 0, prefix.length);
			System.arraycopy(earlierDocument, oldPrefix.length, document, prefix.length, earlierDocument.length - oldPrefix.length);
			head = prefix.length;
			// The rest is the earlier report's: so is its stored form.
			tail = earlier.tail() != null && earlier.headLength() == oldPrefix.length ? earlier.tail() : null;
		}
		else {
			document = this.json.writeValueAsBytes(report);
		}
		if (store) {
			if (tail == null) {
				tail = this.reports.tail(document, head);
			}
			this.reports.save(AuditSummary.of(report), document, head, tail);
		}
		StoredReport again = new StoredReport(report, document, earlier.findingCounts(), head, tail);
		count(again);
		this.meters.counter("initaudit.audits.reused").increment();
		return again;
	}

	private static boolean startsWith(byte[] document, byte[] prefix) {
		return document.length >= prefix.length && Arrays.equals(document, 0, prefix.length, prefix, 0, prefix.length);
	}

	private byte[] identity(AuditReport r) {
		return ("{\"id\":" + this.json.writeValueAsString(r.id()) + ",\"createdAt\":" + this.json.writeValueAsString(r.createdAt()))
			.getBytes(StandardCharsets.UTF_8);
	}

	/** The key of an audit request by its body's compact JSON (whitespace and layout aside). */
	public static String key(String version, String source, String compactBody) {
		return ReusedAudits.key(version, source, "json", compactBody.getBytes(StandardCharsets.UTF_8));
	}

	/** The key of an audit request by its body's bytes as sent: found without parsing the body (pass the body to {@link #reusable}). */
	public static String rawKey(String version, String source, byte[] body) {
		return ReusedAudits.bytesKey(version, source, body);
	}

	/** Audits the model and stores the report before returning it. */
	public StoredReport audit(ModelDescription model) {
		return audit(model, false, true);
	}

	/**
	 * Audits the model, sampling every declared and corrected law with ND4J when {@code measure} is set, and stores
	 * the report when {@code store} is set (before returning it: an answered report is never lost; the repository
	 * commits the insert before {@code save} returns).
	 */
	public StoredReport audit(ModelDescription model, boolean measure, boolean store) {
		Instant now = Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS);
		String id = UUID.randomUUID().toString();
		if (measure) {
			checkSamplingBudget(model);
		}
		AuditReport report = measure ? this.slots.run(() -> this.auditor.audit(model, id, now, this::sample)) : this.auditor.audit(model, id, now);
		byte[] document = this.json.writeValueAsBytes(report);
		byte[] prefix = identity(report);
		int head = startsWith(document, prefix) ? prefix.length : 0;
		AuditReports.StoredTail tail = null;
		if (store) {
			tail = this.reports.tail(document, head);
			this.reports.save(AuditSummary.of(report), document, head, tail);
		}
		StoredReport stored = new StoredReport(report, document, StoredReport.tally(report), head, tail);
		count(stored);
		return stored;
	}

	/** One counter lookup per distinct finding code and severity, not per finding (it was 6% of an audit's time). */
	private void count(StoredReport stored) {
		this.meters.counter("initaudit.audits", "verdict", stored.report().verdict()).increment();
		stored.findingCounts().forEach((key, n) -> {
			int cut = key.indexOf('\n');
			this.meters.counter("initaudit.findings", "code", key.substring(0, cut), "severity", key.substring(cut + 1)).increment(n);
		});
	}

	/** Σ min(elements, cap) over all parameters must stay within initaudit.measure.max-parameters. */
	private void checkSamplingBudget(ModelDescription model) {
		long total = 0;
		for (var layer : model.layers()) {
			for (ParameterSpec p : Parameters.of(layer)) {
				total += Math.min(p.elements(), this.measureSettings.maxSamples());
			}
		}
		if (total > this.measureSettings.maxParameters()) {
			throw new NetworkLimitException("/layers", "measure=true would sample " + total + " values; the limit is "
					+ this.measureSettings.maxParameters() + " (initaudit.measure.max-parameters)");
		}
	}

	private AuditReport.Sampled sample(ParameterSpec p, @Nullable Distribution declared, @Nullable Distribution corrected, long seed) {
		int cap = this.measureSettings.maxSamples();
		String device = this.sampler.device();
		Timer.Sample timing = Timer.start(this.meters);
		try {
			SampleStats d = declared == null ? null : this.sampler.sample(declared, p.shape(), p.orthogonalRows(), p.orthogonalCols(), cap, seed);
			SampleStats c = corrected == null ? null
					: this.sampler.sample(corrected, p.shape(), p.orthogonalRows(), p.orthogonalCols(), cap, seed + 1);
			return new AuditReport.Sampled(d, c, cap, device, declared == null ? "the declared init could not be interpreted" : null);
		}
		catch (Sampler.TooLargeToSampleException ex) {
			return new AuditReport.Sampled(null, null, cap, device, ex.getMessage());
		}
		finally {
			timing.stop(this.samplerTime);
		}
	}

	/** Report retention: deletes reports older than the maximum age and beyond the maximum count. */
	@Scheduled(fixedDelayString = "${initaudit.audit.retention-sweep-millis:600000}", initialDelay = 30_000)
	public int applyRetention() {
		int deleted = this.reports.deleteOlderThan(Instant.now(this.clock).minus(this.settings.retentionMaxAge()), this.settings.retentionMaxCount());
		if (deleted > 0) {
			LOG.info("Retention deleted {} stored report(s) (max age {}, max count {})", deleted, this.settings.retentionMaxAge(),
					this.settings.retentionMaxCount());
		}
		return deleted;
	}

	/** The stored JSON document of a report. */
	@Transactional(readOnly = true)
	public String findJson(String id) {
		return this.reports.findJsonById(id).orElseThrow(() -> new AuditReportNotFoundException(id));
	}

	@Transactional(readOnly = true)
	public AuditReport find(String id) {
		return this.json.readValue(findJson(id), AuditReport.class);
	}

	@Transactional(readOnly = true)
	public List<AuditSummary> list(int page, int size) {
		return this.reports.findPage(page, size);
	}

	@Transactional(readOnly = true)
	public long count() {
		return this.reports.count();
	}

}
