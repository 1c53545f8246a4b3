package io.initaudit.trial;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.initaudit.core.Distribution;
import io.initaudit.model.Layer;
import io.initaudit.model.LayerConfig;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.InitialWeights;
import io.initaudit.sampling.Variant;
import io.initaudit.semantics.Declarations;
import io.initaudit.semantics.TorchCall;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service side of remote trial workers (the PyTorch worker, clients/python/initaudit_worker): they lease trials
 * from the same queue as the in-process ND4J workers, by engine and device, and get a self-contained job (the model's
 * layers, each variant's per-parameter law or torch.nn.init call as data, the task's samples and the order they are
 * visited in, the optimizer), heartbeat with their losses so far (they reach GET /trials/{id} and its SSE stream as
 * ND4J's do), and post the result; the service judges convergence and writes the conclusion, the same rule for every
 * engine.
 */
@Service
public class RemoteTrials {

	/** How long a remote worker may hold a lease between heartbeats unless it asks for more (up to {@link #MAX_LEASE_SECONDS}). */
	static final int MAX_LEASE_SECONDS = 24 * 3600;

	private static final Logger LOG = LoggerFactory.getLogger(RemoteTrials.class);

	private final TrialJobs jobs;

	private final TrialSettings settings;

	private final JsonMapper json;

	RemoteTrials(TrialJobs jobs, TrialSettings settings, JsonMapper json) {
		this.jobs = jobs;
		this.settings = settings;
		this.json = json;
	}

	/**
	 * What a worker says about itself when it asks for work.
	 *
	 * @param worker its name (the lease owner)
	 * @param engine {@code torch}
	 * @param gpu whether it trains on a GPU
	 * @param device e.g. {@code cuda (NVIDIA H200, 139 GiB)} or {@code cpu (torch 2.13, 2 threads)}
	 * @param leaseSeconds how long its lease lasts without a heartbeat (a worker run offline asks for hours)
	 */
	public record Worker(String worker, String engine, boolean gpu, String device, int leaseSeconds) {
	}

	/** The oldest queued trial this worker can serve, leased to it, as a job; empty when there is none. */
	public Optional<ObjectNode> lease(Worker w) {
		Instant now = Instant.now();
		TrialJobs.Capability cap = new TrialJobs.Capability(w.engine(), w.gpu());
		this.jobs.recordWorker(w.worker(), cap, w.device(), now);
		Optional<TrialJob> claimed = this.jobs.claimNext(w.worker(), now, now.plusSeconds(w.leaseSeconds()), cap);
		if (claimed.isEmpty()) {
			return Optional.empty();
		}
		TrialJob job = claimed.get();
		try {
			ObjectNode body = job(job, w);
			this.jobs.heartbeat(job.id(), w.worker(), 0, now.plusSeconds(w.leaseSeconds()), job.result() == null ? "{}" : job.result(), w.device());
			LOG.info("Trial {} leased to worker {} ({})", job.id(), w.worker(), w.device());
			return Optional.of(body);
		}
		catch (RuntimeException ex) {
			this.jobs.finish(job.id(), w.worker(), TrialStatus.FAILED, now, job.result() == null ? "{}" : job.result(),
					"the trial could not be prepared for worker " + w.worker() + ": " + ex.getMessage());
			throw ex;
		}
	}

	/** The job of a trial: everything a worker needs, and nothing it would have to evaluate. */
	ObjectNode job(TrialJob job, Worker w) {
		TrialRequests.Read read = new TrialRequests(this.settings).read(this.json.readTree(job.spec()));
		TrialSpec spec = read.spec();
		ModelDescription model = read.model();
		ObjectNode out = this.json.createObjectNode();
		out.put("id", job.id());
		out.put("engine", w.engine());
		out.put("leaseSeconds", w.leaseSeconds());
		out.put("heartbeatSeconds", TrialRunner.HEARTBEAT_MILLIS / 1000.0);
		out.put("maxSecondsPerVariant", this.settings.maxSecondsPerVariant());
		out.set("model", model(model));
		ObjectNode task = out.putObject("task");
		task.put("kind", spec.task().kind());
		task.put("description", spec.task().describe());
		Dataset data = Tasks.generate(spec.task(), TrialRunner.inputShape(model), TrialRunner.outputs(model));
		ObjectNode d = out.putObject("data");
		d.put("n", data.n());
		ArrayNode shape = d.putArray("sampleShape");
		for (long s : data.sampleShape()) {
			shape.add(s);
		}
		d.put("outputs", data.outputs());
		d.put("classification", data.classification());
		d.put("x", floats(data.x()));
		d.put("y", floats(data.y()));
		d.put("order", ints(data.order(spec.seed())));
		ObjectNode o = out.putObject("optimizer");
		o.put("name", spec.optimizer().name());
		o.put("learningRate", spec.optimizer().learningRate());
		o.put("momentum", spec.optimizer().momentum());
		o.put("beta2", 0.999);
		o.put("epsilon", 1e-8);
		o.put("description", spec.optimizer().describe());
		out.put("steps", spec.steps());
		out.put("batchSize", spec.batchSize());
		out.put("seed", spec.seed());
		ArrayNode variants = out.putArray("variants");
		for (Variant v : spec.variants()) {
			ObjectNode vn = variants.addObject();
			vn.put("name", v.name());
			ArrayNode params = vn.putArray("parameters");
			for (InitialWeights.Draw draw : InitialWeights.plan(model, v, spec.seed())) {
				ObjectNode p = params.addObject();
				p.put("layer", draw.layer().name());
				p.put("name", draw.spec().name());
				p.put("role", draw.spec().role().name().toLowerCase(Locale.ROOT));
				ArrayNode ps = p.putArray("shape");
				draw.spec().shape().forEach(ps::add);
				p.put("seed", draw.seed());
				p.set("law", law(draw.law(), draw.spec().orthogonalRows(), draw.spec().orthogonalCols()));
				// The declared variant of a PyTorch model runs the user's own torch.nn.init call; the others draw the law.
				TorchCall call = v.isDeclared() ? TorchCall.of(Declarations.declarationFor(draw.layer(), draw.spec())) : null;
				if (call != null) {
					ObjectNode c = p.putObject("call");
					c.put("function", call.function());
					c.set("args", this.json.valueToTree(call.args()));
					c.set("kwargs", this.json.valueToTree(call.kwargs()));
				}
				if (draw.note() != null) {
					p.put("note", draw.note());
				}
			}
		}
		return out;
	}

	private ObjectNode model(ModelDescription model) {
		ObjectNode m = this.json.createObjectNode();
		m.put("name", model.name());
		ArrayNode input = m.putArray("input");
		for (long s : TrialRunner.inputShape(model)) {
			input.add(s);
		}
		ArrayNode layers = m.putArray("layers");
		for (Layer l : model.layers()) {
			ObjectNode n = layers.addObject();
			n.put("name", l.name());
			n.put("type", l.type().jsonName());
			n.put("framework", l.framework().jsonName());
			n.set("inputs", this.json.valueToTree(l.inputs()));
			n.set("inputShape", this.json.valueToTree(l.inputShape().dims()));
			n.set("outputShape", this.json.valueToTree(l.outputShape().dims()));
			LayerConfig c = l.config();
			n.put("in", c.in());
			n.put("out", c.out());
			n.set("kernel", this.json.valueToTree(c.kernel()));
			n.set("stride", this.json.valueToTree(c.stride()));
			n.set("dilation", this.json.valueToTree(c.dilation()));
			n.set("padding", this.json.valueToTree(c.padding()));
			n.put("paddingMode", c.paddingMode());
			n.set("outputPadding", this.json.valueToTree(c.outputPadding()));
			n.put("groups", c.groups());
			n.put("bias", c.bias());
			n.put("vocabulary", c.vocabulary());
			n.put("numGroups", c.numGroups());
			n.put("numHeads", c.numHeads());
			n.put("keepDims", c.keepDims());
			n.put("initValue", c.initValue());
			n.put("activation", c.activation() == null ? null : c.activation().jsonName());
			n.put("activationParam", c.activationParam());
		}
		return m;
	}

	private ObjectNode law(Distribution d, long rows, long cols) {
		ObjectNode n = this.json.createObjectNode();
		n.put("family", d.family().name().toLowerCase(Locale.ROOT));
		n.put("mean", d.mean());
		n.put("std", d.std());
		n.put("paramStd", d.paramStd());
		n.put("lower", d.lower());
		n.put("upper", d.upper());
		n.put("modulus", d.modulus());
		n.put("rows", rows);
		n.put("cols", cols);
		return n;
	}

	private static String floats(float[] v) {
		ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(v);
		return Base64.getEncoder().encodeToString(b.array());
	}

	private static String ints(int[] v) {
		ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		b.asIntBuffer().put(v);
		return Base64.getEncoder().encodeToString(b.array());
	}

	/**
	 * A worker's report on one variant.
	 *
	 * @param losses the loss at every step so far
	 * @param stepsPerSecond training speed, excluding the build
	 * @param finalAccuracy accuracy on the last batch (classification)
	 * @param complete whether it ran all its steps
	 */
	public record VariantReport(String name, List<Double> losses, @Nullable Double stepsPerSecond, @Nullable Double finalAccuracy, boolean complete) {
	}

	/** The heartbeat of a running trial: the lease is extended, the losses so far stored; the answer says whether to go on. */
	public TrialJobs.Lease heartbeat(String id, Worker w, int step, List<VariantReport> variants) {
		TrialJob job = this.jobs.findById(id).orElseThrow(() -> new TrialNotFoundException(id));
		return this.jobs.heartbeat(id, w.worker(), step, Instant.now().plusSeconds(w.leaseSeconds()), result(variants, job, false), w.device());
	}

	/**
	 * The end of a trial as the worker saw it: {@code succeeded} (every variant ran), {@code cancelled} (it stopped on a
	 * cancel), or {@code failed} with an error. False when the worker no longer holds the lease.
	 */
	public boolean finish(String id, Worker w, String status, List<VariantReport> variants, @Nullable String error) {
		TrialJob job = this.jobs.findById(id).orElseThrow(() -> new TrialNotFoundException(id));
		TrialStatus s = switch (status) {
			case "succeeded" -> TrialStatus.SUCCEEDED;
			case "cancelled" -> TrialStatus.CANCELLED;
			default -> TrialStatus.FAILED;
		};
		String message = error == null ? null : error.substring(0, Math.min(error.length(), 1900));
		boolean done = this.jobs.finish(id, w.worker(), s, Instant.now(), result(variants, job, s == TrialStatus.SUCCEEDED), message);
		if (done) {
			LOG.info("Trial {} {} on worker {} ({})", id, s.jsonName(), w.worker(), w.device());
		}
		return done;
	}

	private String result(List<VariantReport> variants, TrialJob job, boolean conclude) {
		JsonNode stored = job.result() == null ? null : this.json.readTree(job.result());
		String optimizer = stored == null ? null : stored.path("optimizer").asString(null);
		String task = stored == null ? null : stored.path("task").asString(null);
		List<TrialResult.VariantResult> results = new ArrayList<>();
		for (VariantReport v : variants) {
			List<Double> losses = v.losses().stream().map(l -> l == null ? Double.NaN : l).toList();
			results.add(TrialRunner.summarize(v.name(), losses, v.stepsPerSecond(), v.finalAccuracy(), v.complete()));
		}
		String conclusion = conclude ? TrialRunner.conclusion(results, optimizer, task) : null;
		return this.json.writeValueAsString(new TrialResult(results, conclusion, optimizer, task));
	}

}
