package io.initaudit.imports;

import java.util.Map;

import io.initaudit.model.Layer;
import io.initaudit.model.ModelReader;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recogniser on evidence computed from the laws themselves (std, excess kurtosis and the typical largest value
 * of n draws), so that what is expected is the law that wrote them; the real models are in
 * RealTorchModelsIntegrationTests.
 */
class InitRecognizerTests {

	static Layer layer(String json) {
		return new ModelReader().read(JsonMapper.builder().build().readTree("{\"framework\": \"pytorch\", \"layers\": [" + json + "]}")).layers().get(0);
	}

	static ParameterSpec param(Layer l, String name) {
		return Parameters.of(l).stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
	}

	/** A normal sample of n values with std s: its largest |value| is about √(2 ln n)·s, its excess kurtosis 0. */
	static InitRecognizer.Evidence normal(double s, long n) {
		double largest = Math.sqrt(2 * Math.log(n)) * s;
		return new InitRecognizer.Evidence(s, 0.0, -largest, largest, n, 0.0, false);
	}

	/** A uniform sample on ±b: std b/√3, largest ≈ b, excess kurtosis −1.2. */
	static InitRecognizer.Evidence uniform(double b, long n) {
		return new InitRecognizer.Evidence(b / Math.sqrt(3), 0.0, -b * (1 - 1.0 / n), b * (1 - 1.0 / n), n, -1.2, false);
	}

	@Test
	void theHeadlineDepthwiseFanOutIsRecognisedWithItsNonlinearity() {
		Layer dw = layer("{\"name\": \"dw\", \"type\": \"conv2d\", \"in_channels\": 128, \"out_channels\": 128, \"kernel_size\": 7, \"groups\": 128}");
		// torch: fan_out = 128·49 = 6272, gain 1 for 'linear'.
		var r = InitRecognizer.recognise(dw, param(dw, "weight"), normal(1 / Math.sqrt(6272), 6272), Map.of());
		assertThat(r.call()).isEqualTo("torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='linear')");
		assertThat(r.sure()).isTrue();
	}

	@Test
	void pytorchsDefaultIsRecognisedFromItsUniformShape() {
		Layer fc = layer("{\"name\": \"fc\", \"type\": \"linear\", \"in_features\": 256, \"out_features\": 256}");
		// kaiming_uniform_(a=√5): bound 1/√fan_in = 1/16.
		var r = InitRecognizer.recognise(fc, param(fc, "weight"), uniform(1 / 16.0, 65536), Map.of());
		assertThat(r.call()).isNull();
		assertThat(r.display()).isEqualTo("PyTorch's default init");
		assertThat(r.probability()).isGreaterThan(0.99);
	}

	@Test
	void aRoundExplicitStdIsNamedAsTheUserWroteIt() {
		Layer fc = layer("{\"name\": \"q\", \"type\": \"linear\", \"in_features\": 256, \"out_features\": 256}");
		var r = InitRecognizer.recognise(fc, param(fc, "weight"), normal(0.02, 65536), Map.of());
		// normal_(std=0.02) and trunc_normal_(std=0.02) with its absolute ±2 bounds (100σ) write the same law: normal_.
		assertThat(r.call()).isEqualTo("torch.nn.init.normal_(w, std=0.02)");
		assertThat(r.sure()).isTrue();
		// A ±2σ truncation of σ = 0.02 is told apart by its bounds and kurtosis.
		double std = 0.02 * 0.87962566103423978;
		var t = InitRecognizer.recognise(fc, param(fc, "weight"), new InitRecognizer.Evidence(std, 0, -0.04, 0.04, 65536, -0.6366, false), Map.of());
		assertThat(t.call()).isEqualTo("torch.nn.init.trunc_normal_(w, std=0.02, a=-0.04, b=0.04)");
	}

	@Test
	void tenValuesLeaveItUnsureAndSayWhichCandidatesRemain() {
		Layer fc = layer("{\"name\": \"fc\", \"type\": \"linear\", \"in_features\": 64, \"out_features\": 10}");
		var r = InitRecognizer.recognise(fc, param(fc, "bias"), new InitRecognizer.Evidence(0.05, 0.01, -0.09, 0.1, 10, null, null), Map.of());
		assertThat(r.sure()).isFalse();
		assertThat(r.listed()).hasSizeGreaterThan(1);
		// The mean of 10 values with std 0.05 is noise: no candidate carries it.
		assertThat(r.listed()).noneMatch(c -> c[0].contains("mean="));
	}

	@Test
	void theModelsVotesDecideBetweenLawsOneLayerCannotTellApart() {
		// A depthwise 3×3 conv of 144 channels: xavier_normal_ √(2/(9 + 1296)) and kaiming fan_out √(2/1296) differ by 0.3%.
		Layer dw = layer("{\"name\": \"dw\", \"type\": \"conv2d\", \"in_channels\": 144, \"out_channels\": 144, \"kernel_size\": 3, \"groups\": 144}");
		InitRecognizer.Evidence e = normal(Math.sqrt(2.0 / 1296), 1296);
		String kaiming = "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')";
		assertThat(InitRecognizer.recognise(dw, param(dw, "weight"), e, Map.of()).sure()).isFalse();
		var voted = InitRecognizer.recognise(dw, param(dw, "weight"), e, Map.of(kaiming, 35));
		assertThat(voted.call()).isEqualTo(kaiming);
		assertThat(voted.sure()).isTrue();
	}

	@Test
	void roundValuesNearAStd() {
		assertThat(InitRecognizer.roundNear(0.021)).containsExactly(0.02, 0.025);
		assertThat(InitRecognizer.round(0.0126767, 3)).isEqualTo(0.0127);
	}

}
