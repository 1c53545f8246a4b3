package io.initaudit.semantics;

import java.util.LinkedHashMap;
import java.util.Map;

import io.initaudit.model.InitDecl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keras' constructor defaults as its layers declare them (keras/src/layers/core/dense.py kernel_initializer="glorot_uniform",
 * bias_initializer="zeros"; rnn/lstm.py recurrent_initializer="orthogonal"; core/embedding.py embeddings_initializer="uniform",
 * which Keras 3 maps to RandomUniform(-0.05, 0.05)), in the forms model.to_json() writes them.
 */
class DefaultsTests {

	@Test
	void kerasSerializedDefaultsAreRecognisedAsDefaults() {
		assertThat(Defaults.isKerasArgumentDefault("kernel_initializer", serialized("GlorotUniform", Map.of()))).isTrue();
		assertThat(Defaults.isKerasArgumentDefault("kernel_initializer", new InitDecl.CallText("glorot_uniform"))).isTrue();
		assertThat(Defaults.isKerasArgumentDefault("recurrent_initializer", serialized("Orthogonal", Map.of("gain", 1.0)))).isTrue();
		assertThat(Defaults.isKerasArgumentDefault("embeddings_initializer", serialized("RandomUniform", Map.of("minval", -0.05, "maxval", 0.05)))).isTrue();
		assertThat(Defaults.isKerasArgumentDefault("bias_initializer", serialized("Zeros", Map.of()))).isTrue();
	}

	@Test
	void anythingElseIsADeclaration() {
		assertThat(Defaults.isKerasArgumentDefault("kernel_initializer", serialized("HeNormal", Map.of()))).isFalse();
		assertThat(Defaults.isKerasArgumentDefault("recurrent_initializer", serialized("Orthogonal", Map.of("gain", 2.0)))).isFalse();
		assertThat(Defaults.isKerasArgumentDefault("embeddings_initializer", serialized("RandomUniform", Map.of("minval", -0.1, "maxval", 0.1)))).isFalse();
		assertThat(Defaults.isKerasArgumentDefault("bias_initializer", serialized("Constant", Map.of("value", 0.1)))).isFalse();
		assertThat(Defaults.isKerasArgumentDefault("kernel_initializer", serialized("VarianceScaling",
				Map.of("scale", 1.0, "mode", "fan_avg", "distribution", "uniform")))).isTrue();
		assertThat(Defaults.isKerasArgumentDefault("unknown_initializer", serialized("Zeros", Map.of()))).isFalse();
	}

	private static InitDecl serialized(String cls, Map<String, Object> config) {
		Map<String, Object> c = new LinkedHashMap<>(config);
		c.put("seed", null);
		return new InitDecl.Serialized(cls, c);
	}

}
