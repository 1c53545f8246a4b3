package io.initaudit.audit;

import java.time.Instant;
import java.util.Set;

import io.initaudit.model.ModelReader;
import io.initaudit.semantics.Thresholds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The severity of scale findings on layers a norm follows: rated by the effective learning-rate factor 1/r² (r the
 * declared/intended std ratio the finding states), error from ×25, warning from ×4.
 */
class NormalizedTests {

	static AuditReport audit(String layers) {
		var m = new ModelReader().read(JsonMapper.builder().build().readTree("{\"framework\": \"pytorch\", \"layers\": [" + layers + "]}"));
		return new Auditor(Thresholds.DEFAULT).audit(m, "x", Instant.EPOCH);
	}

	static AuditReport.FindingView only(AuditReport r, String layer) {
		return r.layers().stream().filter(l -> l.name().equals(layer)).flatMap(l -> l.parameters().stream()).flatMap(p -> p.findings().stream())
			.filter(f -> !f.code().equals("RELATIVE_LR_IMBALANCE")).findFirst().orElseThrow();
	}

	static final String CONV = "{\"name\": \"conv\", \"type\": \"conv2d\", \"in_channels\": 64, \"out_channels\": 64, \"kernel_size\": 3, \"bias\": false";

	@Test
	void theDefaultBeforeABatchNormIsAnEffectiveLearningRateNotASignalProblem() {
		// PyTorch's default kaiming_uniform_(a=√5) before a ReLU: std 1/√(3·fan_in) where He wants √(2/fan_in), r = 1/√6.
		AuditReport bare = audit(CONV + ", \"activation\": \"relu\"}");
		assertThat(only(bare, "conv").code()).isEqualTo("DEFAULT_INIT_NOT_HE");
		assertThat(only(bare, "conv").severity()).isEqualTo("error");
		AuditReport normed = audit(CONV + "}, {\"name\": \"bn\", \"type\": \"batch_norm\", \"num_features\": 64, \"inputs\": [\"conv\"]},"
				+ " {\"name\": \"act\", \"type\": \"relu\", \"inputs\": [\"bn\"]}");
		AuditReport.FindingView f = only(normed, "conv");
		assertThat(f.code()).isEqualTo("DEFAULT_INIT_NOT_HE");
		assertThat(f.severity()).isEqualTo("warning");
		assertThat(f.message()).contains("learning rate ×6.00");
		assertThat(((Number) f.evidence().get("effectiveLearningRateFactor")).doubleValue()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void theDepthwiseFanOutBugStaysAnErrorBehindABatchNorm() {
		// kaiming fan_out on a depthwise conv of 128 channels: r = 1/√128, a learning rate ×128.
		AuditReport r = audit("{\"name\": \"dw\", \"type\": \"conv2d\", \"in_channels\": 128, \"out_channels\": 128, \"kernel_size\": 3, \"groups\": 128, "
				+ "\"init\": \"torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')\"}, "
				+ "{\"name\": \"bn\", \"type\": \"batch_norm\", \"num_features\": 128, \"inputs\": [\"dw\"]}");
		AuditReport.FindingView f = only(r, "dw");
		assertThat(f.code()).isEqualTo("FAN_OUT_IGNORES_GROUPS");
		assertThat(f.severity()).isEqualTo("error");
		assertThat(f.message()).contains("×128");
	}

	@Test
	void aResidualAddBeforeTheNormKeepsTheSignalRating() {
		AuditReport r = audit(CONV + ", \"activation\": \"relu\"}, {\"name\": \"sum\", \"type\": \"add\", \"inputs\": [\"conv\", \"@input\"]}, "
				+ "{\"name\": \"bn\", \"type\": \"batch_norm\", \"num_features\": 64, \"inputs\": [\"sum\"]}");
		assertThat(only(r, "conv").severity()).isEqualTo("error");
		assertThat(Normalized.layers(new ModelReader().read(JsonMapper.builder().build().readTree("{\"framework\": \"pytorch\", \"layers\": ["
				+ CONV + "}, {\"name\": \"bn\", \"type\": \"batch_norm\", \"num_features\": 64}]}")))).isEqualTo(Set.of("conv"));
	}

}
