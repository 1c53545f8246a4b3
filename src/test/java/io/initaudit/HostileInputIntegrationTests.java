package io.initaudit;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile bodies get a 4xx problem+json, never a 5xx, and the service stays healthy.
 */
class HostileInputIntegrationTests extends HttpIntegrationTest {

	@ParameterizedTest
	@ValueSource(strings = { "", "{", "null", "42", "\"text\"", "[]", "{\"layers\": null}", "{\"layers\": [null]}", "{\"layers\": [[]]}",
			"{\"layers\": [{\"type\": null}]}", "{\"layers\": [{\"type\": 7}]}", "{\"a\": 1, \"a\": 2, \"layers\": []}",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 1e400, \"out_features\": 2}]}",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 99999999999999999999999, \"out_features\": 2}]}",
			"{\"layers\": [{\"type\": \"conv2d\", \"in_channels\": 1048576, \"out_channels\": 1048576, \"kernel_size\": 1024}]}",
			"{\"input\": {\"shape\": [\"x\"]}, \"layers\": [{\"type\": \"relu\"}]}",
			// Found by fuzzing: an integer beyond 64 bits in input.shape reached the residual add's shape inference.
			"{\"input\": {\"shape\": [9223372036854775808]}, \"layers\": [{\"name\": \"r\", \"type\": \"relu\"}, {\"type\": \"add\", \"inputs\": [\"r\", \"@input\"]}]}",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 2, \"inits\": [1]}]}",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 2, \"init\": {\"config\": {}}}]}" })
	void malformedBodiesAreProblemJson(String body) {
		HttpResponse<String> r = post("/api/v1/audits", body);
		assertThat(r.statusCode()).as(body + " → " + r.body()).isBetween(400, 499);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(r.body()).doesNotContain("Exception", "at io.initaudit");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "[]", "{}", "{\"model\": 3}", "{\"model\": {}}", "{\"model\": {\"layers\": []}}",
			"{\"model\": {\"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"relu\"}]}, \"batchSize\": \"x\"}",
			"{\"model\": {\"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"relu\"}]}, \"batchSize\": 1e9}",
			"{\"model\": {\"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"relu\"}]}, \"varianceFactor\": 0.5}",
			"{\"model\": {\"input\": {\"shape\": [8, 8]}, \"layers\": [{\"type\": \"conv3d\", \"out_channels\": 2, \"kernel_size\": 1}]}}" })
	void malformedPropagationRequestsAreProblemJson(String body) {
		HttpResponse<String> r = post("/api/v1/propagation", body);
		assertThat(r.statusCode()).as(body + " → " + r.body()).isBetween(400, 499);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
	}

	@Test
	void deepNestingIsRefused() {
		String deep = "{\"layers\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
		assertThat(post("/api/v1/audits", deep).statusCode()).isEqualTo(400);
	}

	@Test
	void oversizeBodyIs413() {
		String big = "{\"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\", \"layers\": []}";
		assertThat(post("/api/v1/audits", big).statusCode()).isEqualTo(413);
	}

	@Test
	void codeInAnInitStringIsDataNotExecuted() {
		String body = """
				{"layers": [{"name": "x", "type": "linear", "in_features": 4, "out_features": 2,
				 "init": "__import__('os').system('touch /tmp/initaudit-pwned')"}]}""";
		HttpResponse<String> r = post("/api/v1/audits", body);
		assertThat(r.statusCode()).isEqualTo(201);
		assertThat(json(r).findValues("code").toString()).contains("UNKNOWN_INITIALIZER");
		assertThat(Files.exists(Path.of("/tmp/initaudit-pwned"))).isFalse();
	}

	@Test
	void seededMutationsOfEveryExampleNeverGive5xx() {
		Random random = new Random(20261122L);
		List<JsonNode> examples = new ArrayList<>();
		json(get("/api/v1/examples")).forEach(e -> examples.add(json(get("/api/v1/examples/" + e.get("name").asString()))));
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			JsonNode doc = examples.get(random.nextInt(examples.size())).deepCopy();
			mutate(doc, random, 1 + random.nextInt(3));
			HttpResponse<String> r = post("/api/v1/audits", doc.toString());
			if (r.statusCode() >= 500) {
				failures.add(r.statusCode() + " for " + doc);
			}
		}
		assertThat(failures).isEmpty();
		assertThat(json(get("/actuator/health")).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void seededMutationsOfImportedDocumentsNeverGive5xx() throws Exception {
		Random random = new Random(7L);
		List<String> failures = new ArrayList<>();
		for (String[] source : new String[][] { { "keras", "src/test/resources/keras/mobilenet_style.keras3.json" },
				{ "keras", "src/test/resources/keras/bilstm.tfkeras2.json" }, { "torch", "src/test/resources/manifests/small_cnn_defaults.manifest.json" } }) {
			JsonNode original = JSON.readTree(Files.readString(Path.of(source[1])));
			for (int i = 0; i < 150; i++) {
				JsonNode doc = original.deepCopy();
				for (int k = 0; k < 1 + random.nextInt(3); k++) {
					mutateAnywhere(doc, random);
				}
				HttpResponse<String> r = post("/api/v1/audits?source=" + source[0], doc.toString());
				if (r.statusCode() >= 500) {
					failures.add(r.statusCode() + " for " + source[0] + ": " + doc);
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	/** Replaces or removes a random node anywhere in the tree. */
	private static void mutateAnywhere(JsonNode root, Random random) {
		List<JsonNode> containers = new ArrayList<>();
		collect(root, containers);
		JsonNode target = containers.get(random.nextInt(containers.size()));
		JsonNode nasty = JSON.valueToTree(NASTY[random.nextInt(NASTY.length)]);
		if (target instanceof ObjectNode o && !o.isEmpty()) {
			List<String> keys = new ArrayList<>(o.propertyNames());
			String key = keys.get(random.nextInt(keys.size()));
			if (random.nextBoolean()) {
				o.remove(key);
			}
			else {
				o.set(key, nasty);
			}
		}
		else if (target instanceof ArrayNode a && !a.isEmpty()) {
			int i = random.nextInt(a.size());
			if (random.nextBoolean()) {
				a.remove(i);
			}
			else {
				a.set(i, nasty);
			}
		}
	}

	private static void collect(JsonNode node, List<JsonNode> out) {
		if (node.isContainer()) {
			out.add(node);
			node.forEach(child -> collect(child, out));
		}
	}

	private static final Object[] NASTY = { 0, -1, 3, 1e9, 2.5, "x", "", true, null, "same", List.of(), List.of(1, 2, 3, 4), "@input" };

	/** Replaces, deletes or retypes random fields of random layers. */
	private static void mutate(JsonNode doc, Random random, int times) {
		ArrayNode layers = (ArrayNode) doc.get("layers");
		for (int t = 0; t < times && !layers.isEmpty(); t++) {
			ObjectNode layer = (ObjectNode) layers.get(random.nextInt(layers.size()));
			List<String> keys = new ArrayList<>(layer.propertyNames());
			String key = keys.isEmpty() ? "type" : keys.get(random.nextInt(keys.size()));
			switch (random.nextInt(4)) {
				case 0 -> layer.remove(key);
				case 1 -> layer.set(key, (JsonNode) JSON.valueToTree(NASTY[random.nextInt(NASTY.length)]));
				case 2 -> layer.set("inputs", (JsonNode) JSON.valueToTree(List.of(layers.get(random.nextInt(layers.size())).path("name").asString("x"))));
				default -> layers.remove(random.nextInt(layers.size()));
			}
		}
	}

}
