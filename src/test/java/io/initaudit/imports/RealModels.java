package io.initaudit.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real-model tests share: running a script of src/test/python/realmodels with the frameworks of .ci/python,
 * and reading a report by full parameter name.
 */
public final class RealModels {

	private RealModels() {
	}

	/** Runs {@code src/test/python/realmodels/<script> out args...}; its output goes to target/<log>. */
	public static void export(String script, Path out, String log, String... args) throws Exception {
		Path python = Path.of(".ci", "python", "bin", "python3");
		assertThat(python).as("the frameworks environment is missing: run .ci/test-tools").exists();
		List<String> command = new ArrayList<>(List.of(python.toString(), "src/test/python/realmodels/" + script, out.toString()));
		command.addAll(List.of(args));
		Path logFile = Path.of("target", log);
		Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
		assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(p.exitValue()).as(Files.readString(logFile)).isZero();
	}

	/** Full parameter name (layer.parameter) → the parameter's report. */
	static Map<String, JsonNode> parameters(JsonNode report) {
		Map<String, JsonNode> out = new HashMap<>();
		for (JsonNode l : report.get("layers")) {
			for (JsonNode p : l.get("parameters")) {
				out.put(l.get("name").asString() + "." + p.get("name").asString(), p);
			}
		}
		return out;
	}

	/** "layer.parameter CODE" of every parameter finding at {@code severity}, then the model findings' codes. */
	static List<String> findings(JsonNode report, String severity) {
		List<String> out = new ArrayList<>();
		parameters(report).forEach((name, p) -> p.get("findings").forEach(f -> {
			if (f.get("severity").asString().equals(severity)) {
				out.add(name + " " + f.get("code").asString());
			}
		}));
		report.path("findings").forEach(f -> {
			if (f.get("severity").asString().equals(severity)) {
				out.add(f.get("code").asString());
			}
		});
		return out;
	}

}
