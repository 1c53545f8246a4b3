package io.initaudit.trial;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.initaudit.model.InvalidModelException;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.sampling.Variant;
import tools.jackson.databind.JsonNode;

import static io.initaudit.model.RequestFields.integer;
import static io.initaudit.model.RequestFields.number;
import static io.initaudit.model.RequestFields.text;

/**
 * Reads and checks a trial request (design/api.md §4); every problem is a 400 with its JSON Pointer.
 */
public final class TrialRequests {

	/** A request read: its model and its spec. */
	public record Read(ModelDescription model, TrialSpec spec) {
	}

	private final TrialSettings settings;

	private final ModelReader reader = new ModelReader();

	public TrialRequests(TrialSettings settings) {
		this.settings = settings;
	}

	public Read read(JsonNode body) {
		ModelDescription model = this.reader.readField(body, "model");
		List<Variant> variants = variants(body.get("variants"), model);
		JsonNode t = body.path("task");
		String kind = text(t, "kind", "teacher-student", "/task/kind");
		if (!Set.of("teacher-student", "spirals", "synthetic-bars").contains(kind)) {
			throw new InvalidModelException("/task/kind", "task.kind must be teacher-student, spirals or synthetic-bars. Received: " + kind);
		}
		long outputs = model.layers().get(model.layers().size() - 1).outputShape().elements();
		int classes = (int) integer(t, "classes", outputs > 0 ? outputs : 10, 2, 1000, "/task/classes");
		int samples = (int) integer(t, "samples", 2048, 16, this.settings.maxSamples(), "/task/samples");
		long taskSeed = integer(t, "seed", 1, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, "/task/seed");
		boolean regression = t.path("regression").asBoolean(false);
		JsonNode o = body.path("optimizer");
		String opt = text(o, "name", "adam", "/optimizer/name");
		if (!Set.of("sgd", "momentum", "rmsprop", "adam").contains(opt)) {
			throw new InvalidModelException("/optimizer/name", "optimizer.name must be sgd, momentum, rmsprop or adam. Received: " + opt);
		}
		double lr = number(o, "learningRate", opt.equals("sgd") || opt.equals("momentum") ? 0.01 : 0.001, 1e-8, 10, "/optimizer/learningRate");
		double momentum = number(o, "momentum", opt.equals("rmsprop") ? 0.99 : 0.9, 0, 0.9999, "/optimizer/momentum");
		int steps = (int) integer(body, "steps", 200, 1, this.settings.maxSteps(), "/steps");
		int batch = (int) integer(body, "batchSize", 64, 1, this.settings.maxBatchSize(), "/batchSize");
		long seed = integer(body, "seed", 42, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, "/seed");
		String device = text(body, "device", "auto", "/device");
		if (!Set.of("auto", "cpu", "gpu").contains(device)) {
			throw new InvalidModelException("/device", "device must be auto, cpu or gpu. Received: " + device);
		}
		String engine = text(body, "engine", "auto", "/engine");
		if (!Set.of("auto", "nd4j", "torch").contains(engine)) {
			throw new InvalidModelException("/engine", "engine must be auto, nd4j or torch. Received: " + engine);
		}
		return new Read(model, new TrialSpec(variants, new TrialSpec.Task(kind, classes, samples, taskSeed, regression),
				new TrialSpec.Optimizer(opt, lr, momentum), steps, batch, seed, device, engine));
	}

	private List<Variant> variants(JsonNode node, ModelDescription model) {
		if (node == null || node.isNull()) {
			return List.of(Variant.DECLARED, Variant.CORRECTED);
		}
		if (!node.isArray() || node.isEmpty() || node.size() > this.settings.maxVariants()) {
			throw new InvalidModelException("/variants", "variants must be an array of 1 to " + this.settings.maxVariants() + " variants");
		}
		List<Variant> out = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < node.size(); i++) {
			JsonNode v = node.get(i);
			String p = "/variants/" + i;
			Variant variant;
			if (v.isString()) {
				if (!v.asString().equals("declared") && !v.asString().equals("corrected")) {
					throw new InvalidModelException(p, "a variant is \"declared\", \"corrected\" or {\"name\", \"inits\"}");
				}
				variant = Variant.named(v.asString());
			}
			else if (v.isObject() && v.path("name").isString() && v.path("inits").isObject()) {
				Map<String, String> inits = new LinkedHashMap<>();
				for (Map.Entry<String, JsonNode> e : v.get("inits").properties()) {
					if (model.layer(e.getKey()).isEmpty()) {
						throw new InvalidModelException(p + "/inits/" + e.getKey(), "no layer named '" + e.getKey() + "'");
					}
					if (!e.getValue().isString() || e.getValue().asString().length() > 4096) {
						throw new InvalidModelException(p + "/inits/" + e.getKey(), "an init is a call string");
					}
					inits.put(e.getKey(), e.getValue().asString());
				}
				variant = new Variant(v.get("name").asString(), Map.copyOf(inits));
			}
			else {
				throw new InvalidModelException(p, "a variant is \"declared\", \"corrected\" or {\"name\", \"inits\": {layer: call}}");
			}
			if (!names.add(variant.name()) || variant.name().isBlank() || variant.name().length() > 100) {
				throw new InvalidModelException(p + "/name", "variant names must be unique, 1 to 100 characters");
			}
			out.add(variant);
		}
		return out;
	}

}
