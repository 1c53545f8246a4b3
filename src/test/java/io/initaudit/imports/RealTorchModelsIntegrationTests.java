package io.initaudit.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PyTorch importer on real models: src/test/python/realmodels/torch_models.py builds them with torch 2.13 and
 * transformers 5 from .ci/python (transformers' own _init_weights on small configs, torchvision-style modules with
 * torchvision's init code) and exports them with clients/python/initaudit_export.py; each manifest is audited over
 * HTTP with {@code source=torch}. Expected values come from the models themselves (their parameter names and shapes,
 * the init code each library runs); the recogniser's own tolerance is its posterior (sure at ≥ 0.9).
 */
@TestPropertySource(properties = { "initaudit.trial.worker-enabled=false", "initaudit.rate-limit.enabled=false" })
class RealTorchModelsIntegrationTests extends HttpIntegrationTest {

	static final Path OUT = Path.of("target", "real-torch-models");

	/** Models their libraries initialise and that train well: no error may be reported on them. */
	static final List<String> TRAIN_WELL = List.of("bert", "gpt2", "vit", "convnext", "resnet", "mobilenetv2", "swin", "tv_resnet",
			"identity_before_relu");

	@BeforeAll
	static void export() throws Exception {
		RealModels.export("torch_models.py", OUT, "real-torch-models.log");
	}

	private JsonNode audit(String model) throws Exception {
		var r = post("/api/v1/audits?source=torch&store=false", Files.readString(OUT.resolve(model + ".manifest.json")));
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		return json(r);
	}

	private static Map<String, JsonNode> parameters(JsonNode report) {
		return RealModels.parameters(report);
	}

	private static List<String> findings(JsonNode report, String severity) {
		return RealModels.findings(report, severity);
	}

	@ParameterizedTest
	@ValueSource(strings = { "bert", "gpt2", "vit", "convnext", "resnet", "mobilenetv2", "swin", "tv_mobilenetv2", "tv_resnet", "transformer_layer",
			"lstm", "headline", "identity_before_relu" })
	void everyTrainableParameterIsAuditedAtItsShapeOrReportedWithItsStatistics(String model) throws Exception {
		JsonNode report = audit(model);
		JsonNode torchParams = JSON.readTree(Files.readString(OUT.resolve(model + ".params.json")));
		Map<String, JsonNode> audited = parameters(report);
		String notes = report.get("notes").toString();
		for (Map.Entry<String, JsonNode> e : torchParams.properties()) {
			JsonNode p = audited.get(e.getKey());
			if (p == null) {
				assertThat(notes).as(model + ": " + e.getKey() + " is neither audited nor reported").contains(e.getKey() + ": a parameter of ");
				continue;
			}
			assertThat(p.get("shape").toString()).as(model + " " + e.getKey()).isEqualTo(e.getValue().toString());
			// The declared law (the recognised init) writes the std torch measured: no mismatch beyond sampling error.
			assertThat(p.path("findings").toString()).as(model + " " + e.getKey()).doesNotContain("MEASURED_STD_MISMATCH");
			assertThat(p.at("/userMeasured/recognition/init").isString()).as(model + " " + e.getKey() + " has a recognition").isTrue();
		}
		assertThat(audited.keySet()).as("nothing audited that torch does not have").isSubsetOf(torchParams.propertyNames());
	}

	@ParameterizedTest
	@ValueSource(strings = { "bert", "gpt2", "vit", "convnext", "resnet", "mobilenetv2", "swin", "tv_resnet", "identity_before_relu" })
	void theShippedInitOfModelsThatTrainWellHasNoError(String model) throws Exception {
		assertThat(TRAIN_WELL).contains(model);
		assertThat(findings(audit(model), "error")).isEmpty();
	}

	@Test
	void transformersNormalStdIsRecognisedAsNormalNotTruncated() throws Exception {
		// BertPreTrainedModel._init_weights: module.weight.data.normal_(mean=0.0, std=config.initializer_range), 0.02.
		JsonNode p = parameters(audit("bert")).get("encoder.layer.0.attention.self.query.weight");
		assertThat(p.at("/userMeasured/recognition/init").asString()).isEqualTo("torch.nn.init.normal_(w, std=0.02)");
		assertThat(p.at("/userMeasured/recognition/sure").asBoolean()).isTrue();
		assertThat(p.at("/declared/family").asString()).isEqualTo("normal");
		assertThat(p.get("findings")).isEmpty();
	}

	@Test
	void torchvisionInitsAreRecognisedAndTheirBugsFound() throws Exception {
		// torchvision's MobileNetV2: kaiming_normal_(mode='fan_out') on every conv, the depthwise ones included.
		JsonNode mobile = audit("tv_mobilenetv2");
		Map<String, JsonNode> mp = parameters(mobile);
		assertThat(mp.get("3.conv.3.weight").at("/userMeasured/recognition/init").asString())
			.isEqualTo("torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')");
		assertThat(findings(mobile, "error")).containsExactlyInAnyOrder("3.conv.3.weight FAN_OUT_IGNORES_GROUPS", "4.conv.3.weight FAN_OUT_IGNORES_GROUPS");
		// ResNet's zero_init_residual: the last BatchNorm of each block starts at γ = 0, the others at 1.
		Map<String, JsonNode> rp = parameters(audit("tv_resnet"));
		assertThat(rp.get("3.bn3.weight").at("/declared/init").asString()).isEqualTo("torch.nn.init.zeros_(w)");
		assertThat(rp.get("3.bn1.weight").at("/declared/init").asString()).isEqualTo("torch.nn.init.ones_(w)");
	}

	@Test
	void theReadmeHeadlineCaseFails() throws Exception {
		// kaiming_normal_(mode='fan_out', nonlinearity='linear') on a 7×7 depthwise conv of 128 channels: torch's
		// fan_out is 128·49, so std 1/√6272 = 0.0126 where the group-aware fan_out 49 gives 1/7.
		JsonNode p = parameters(audit("headline")).get("0.weight");
		assertThat(p.at("/userMeasured/recognition/init").asString())
			.isEqualTo("torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='linear')");
		assertThat(p.at("/declared/std").asDouble()).isCloseTo(1 / Math.sqrt(6272), org.assertj.core.data.Percentage.withPercentage(0.01));
		assertThat(p.at("/corrected/std").asDouble()).isCloseTo(1 / 7.0, org.assertj.core.data.Percentage.withPercentage(0.01));
		assertThat(p.get("findings").toString()).contains("FAN_OUT_IGNORES_GROUPS", "\"severity\":\"error\"");
	}

	@Test
	void identityPlaceholdersAreNotActivationsAndAttentionKeepsItsParameters() throws Exception {
		// kaiming_normal_(nonlinearity='relu') before Identity → ReLU: the ReLU is the activation, so no gain finding.
		JsonNode id = parameters(audit("identity_before_relu")).get("0.weight");
		assertThat(id.get("findings")).isEmpty();
		assertThat(id.at("/intended/gain").asDouble()).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-9));
		// nn.MultiheadAttention is not a leaf module; its four parameters are audited, and its default xavier_uniform_
		// on the fused in_proj [3E, E] is the stacked fan_out torch writes.
		Map<String, JsonNode> t = parameters(audit("transformer_layer"));
		assertThat(t).containsKeys("layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias", "layers.0.self_attn.out_proj.weight",
				"layers.0.self_attn.out_proj.bias");
		assertThat(t.get("layers.0.self_attn.in_proj_weight").get("findings").toString()).contains("STACKED_FAN_OUT");
		// Each LSTM matrix is recognised on its own.
		Map<String, JsonNode> lstm = parameters(audit("lstm"));
		assertThat(lstm.get("1.weight_hh_l1").at("/userMeasured/recognition/init").asString()).isEqualTo("PyTorch's default init");
		assertThat(lstm.get("0.weight").at("/userMeasured/recognition/init").asString()).isEqualTo("PyTorch's default init");
	}

}
