package io.initaudit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.core.FanMode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a layer declares about its parameters: its initializers ({@code init}, {@code bias_init}, {@code inits}), the
 * {@code intent} behind them, and the statistics an importer {@code measured} on the built weights.
 */
final class InitDeclarations {

	private final JsonFields json;

	InitDeclarations(JsonFields json) {
		this.json = json;
	}

	@Nullable InitDecl initDecl(@Nullable JsonNode node, String p) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isString()) {
			String t = node.stringValue().strip();
			if (t.isEmpty() || t.length() > this.json.limits.maxInitLength()) {
				this.json.fail(p, "an initializer call must be 1 to " + this.json.limits.maxInitLength() + " characters");
				return null;
			}
			return new InitDecl.CallText(t);
		}
		if (node.isObject()) {
			JsonNode cls = node.get("class_name");
			if (cls == null || !cls.isString() || cls.stringValue().isBlank() || cls.stringValue().length() > this.json.limits.maxNameLength()) {
				this.json.fail(p + "/class_name", "a serialized initializer needs a class_name string (Keras' {\"class_name\": …, \"config\": {…}})");
				return null;
			}
			Map<String, Object> config = new LinkedHashMap<>();
			JsonNode cfg = node.get("config");
			if (cfg != null && cfg.isObject()) {
				for (Map.Entry<String, JsonNode> e : cfg.properties()) {
					JsonNode v = e.getValue();
					if (v.isNumber()) {
						config.put(e.getKey(), v.asDouble());
					}
					else if (v.isString()) {
						config.put(e.getKey(), v.stringValue());
					}
					else if (v.isBoolean()) {
						config.put(e.getKey(), v.asBoolean());
					}
					else if (v.isNull()) {
						config.put(e.getKey(), null);
					}
				}
			}
			else if (cfg != null && !cfg.isNull()) {
				this.json.fail(p + "/config", "config must be an object");
				return null;
			}
			return new InitDecl.Serialized(cls.stringValue(), Collections.unmodifiableMap(config));
		}
		this.json.fail(p, "an initializer is a call string or a serialized Keras initializer object");
		return null;
	}

	Map<String, InitDecl> inits(@Nullable JsonNode node, String p) {
		if (node == null || node.isNull()) {
			return Map.of();
		}
		if (!node.isObject()) {
			this.json.fail(p, "inits must map parameter names to initializers");
			return Map.of();
		}
		Map<String, InitDecl> m = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> e : node.properties()) {
			InitDecl d = initDecl(e.getValue(), p + "/" + JsonFields.escape(e.getKey()));
			if (d != null) {
				m.put(e.getKey(), d);
			}
		}
		return Collections.unmodifiableMap(m);
	}

	@Nullable Intent intent(@Nullable JsonNode node, String p) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isObject()) {
			this.json.fail(p, "intent must be an object {scheme, mode, gain, std}");
			return null;
		}
		String schemeText = this.json.text(node, p, "scheme", false);
		Double std = this.json.positive(node.get("std"), p + "/std");
		Intent.Scheme scheme;
		if (schemeText == null) {
			if (std == null) {
				this.json.fail(p + "/scheme", "intent needs a scheme (he, xavier, lecun, fixed) or a std");
				return null;
			}
			scheme = Intent.Scheme.FIXED;
		}
		else {
			scheme = Intent.Scheme.fromName(schemeText);
			if (scheme == null) {
				this.json.fail(p + "/scheme", "scheme must be one of he, xavier, lecun, fixed. Received: " + JsonFields.abbreviate(schemeText));
				return null;
			}
		}
		FanMode mode = null;
		String modeText = this.json.text(node, p, "mode", false);
		if (modeText != null) {
			try {
				mode = FanMode.parse(modeText);
			}
			catch (IllegalArgumentException ex) {
				this.json.fail(p + "/mode", ex.getMessage());
			}
		}
		Double gain = this.json.positive(node.get("gain"), p + "/gain");
		if (scheme == Intent.Scheme.FIXED && std == null) {
			this.json.fail(p + "/std", "a fixed intent needs std");
			return null;
		}
		return new Intent(scheme, mode, gain, std);
	}

	Map<String, MeasuredStats> measured(@Nullable JsonNode node, String p) {
		if (node == null || node.isNull()) {
			return Map.of();
		}
		if (!node.isObject()) {
			this.json.fail(p, "measured must be an object of statistics, or of parameter name → statistics");
			return Map.of();
		}
		if (node.has("std")) {
			MeasuredStats s = stats(node, p);
			return s == null ? Map.of() : Map.of(Layer.MAIN_PARAMETER, s);
		}
		Map<String, MeasuredStats> m = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> e : node.properties()) {
			MeasuredStats s = stats(e.getValue(), p + "/" + JsonFields.escape(e.getKey()));
			if (s != null) {
				m.put(e.getKey(), s);
			}
		}
		return Collections.unmodifiableMap(m);
	}

	private @Nullable MeasuredStats stats(JsonNode node, String p) {
		if (!node.isObject()) {
			this.json.fail(p, "statistics must be an object {std, mean, min, max, count}");
			return null;
		}
		Double std = this.json.finite(node.get("std"), p + "/std", 0.0, 1e12);
		if (std == null) {
			this.json.fail(p + "/std", "std is required and must be a number >= 0");
			return null;
		}
		Double mean = this.json.finite(node.get("mean"), p + "/mean", -1e12, 1e12);
		Double min = this.json.finite(node.get("min"), p + "/min", -1e12, 1e12);
		Double max = this.json.finite(node.get("max"), p + "/max", -1e12, 1e12);
		Long count = node.get("count") == null || node.get("count").isNull() ? null : this.json.integer(node.get("count"), p + "/count", 0, Long.MAX_VALUE / 2);
		Double kurtosis = this.json.finite(node.get("kurtosis"), p + "/kurtosis", -3.0, 1e12);
		return new MeasuredStats(std, mean, min, max, count, kurtosis, recognition(node.get("recognition"), p + "/recognition"));
	}

	/** An importer's recognition, carried through the description into the report. */
	private MeasuredStats.@Nullable Recognition recognition(@Nullable JsonNode node, String p) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isObject() || !node.path("init").isString() || !node.path("likelihood").isNumber()) {
			this.json.fail(p, "recognition must be an object {init, likelihood, sure, candidates}");
			return null;
		}
		List<MeasuredStats.Candidate> candidates = new ArrayList<>();
		for (JsonNode c : node.path("candidates")) {
			if (c.path("init").isString() && c.path("likelihood").isNumber() && candidates.size() < 16) {
				candidates.add(new MeasuredStats.Candidate(JsonFields.bounded(c.get("init").asString()), c.get("likelihood").asDouble()));
			}
		}
		return new MeasuredStats.Recognition(JsonFields.bounded(node.get("init").asString()), node.get("likelihood").asDouble(),
				node.path("sure").asBoolean(true), List.copyOf(candidates));
	}

}
