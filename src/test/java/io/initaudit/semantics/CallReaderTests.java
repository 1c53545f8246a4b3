package io.initaudit.semantics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class CallReaderTests {

	@Test
	void readsPythonCallsWithKeywordArguments() {
		CallValue.Call c = (CallValue.Call) CallReader.read("torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity=\"relu\")");
		assertThat(c.callee()).isEqualTo("torch.nn.init.kaiming_normal_");
		assertThat(c.args()).containsExactly(new CallValue.Name("w"));
		assertThat(c.kwargs()).containsEntry("mode", new CallValue.Str("fan_out")).containsEntry("nonlinearity", new CallValue.Str("relu"));
	}

	@Test
	void foldsArithmeticAndMathFunctions() {
		CallValue.Call c = (CallValue.Call) CallReader.read("keras.initializers.TruncatedNormal(stddev=math.sqrt(2/576) * 1.0 + 0)");
		assertThat(((CallValue.Num) c.kwargs().get("stddev")).value()).isCloseTo(Math.sqrt(2.0 / 576), within(1e-17));
		assertThat(((CallValue.Num) CallReader.read("(2 / (3 * 3 * 64)) ** 0.5")).value()).isCloseTo(Math.sqrt(2.0 / 576), within(1e-17));
		assertThat(((CallValue.Num) CallReader.read("-.02")).value()).isEqualTo(-0.02);
		assertThat(((CallValue.Num) CallReader.read("1e-2")).value()).isEqualTo(0.01);
	}

	@Test
	void evaluatesCalculateGain() {
		CallValue.Call c = (CallValue.Call) CallReader.read("nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain('leaky_relu', 0.2))");
		assertThat(((CallValue.Num) c.kwargs().get("gain")).value()).isCloseTo(Math.sqrt(2 / 1.04), within(1e-15));
	}

	@Test
	void keepsTensorExpressionsScaled() {
		CallValue v = CallReader.read("torch.fmod(torch.randn(w.size()), 2) * 0.02");
		assertThat(v).isInstanceOf(CallValue.Scaled.class);
		CallValue.Scaled s = (CallValue.Scaled) v;
		assertThat(s.factor()).isEqualTo(0.02);
		assertThat(((CallValue.Call) s.base()).simpleName()).isEqualTo("fmod");
	}

	@Test
	void readsMethodCallsOnComputedValuesWithTheReceiverFirst() {
		CallValue.Call c = (CallValue.Call) CallReader.read("torch.randn(shape).fmod(2)");
		assertThat(c.callee()).isEqualTo("fmod");
		assertThat(c.args().get(0)).isInstanceOf(CallValue.Call.class);
	}

	@Test
	void readsJavaConstructorsAndEnumConstants() {
		CallValue.Call c = (CallValue.Call) CallReader.read("new WeightInitVarScalingNormalFanIn(2.0);");
		assertThat(c.callee()).isEqualTo("WeightInitVarScalingNormalFanIn");
		assertThat(c.args()).containsExactly(new CallValue.Num(2.0));
		assertThat(CallReader.read("WeightInit.RELU")).isEqualTo(new CallValue.Name("WeightInit.RELU"));
		assertThat(((CallValue.Call) CallReader.read("new NormalDistribution(0, 0.01f)")).args()).containsExactly(new CallValue.Num(0),
				new CallValue.Num(0.01));
	}

	@Test
	void unwrapsFunctoolsPartial() {
		CallValue.Call c = (CallValue.Call) CallReader.read("functools.partial(nn.init.normal_, std=0.02)");
		assertThat(c.callee()).isEqualTo("nn.init.normal_");
		assertThat(c.kwargs()).containsEntry("std", new CallValue.Num(0.02));
	}

	@ParameterizedTest
	@ValueSource(strings = { "__import__('os').system('rm -rf /')", "lambda w: w", "eval('1')", "exec('x')", "open('/etc/passwd')",
			"kaiming_normal_(w, **kw)", "x = 1", "1 +", "f(", "'unterminated", "1e999", "[1, 2", "a; b" })
	void refusesWhatItDoesNotRead(String text) {
		assertThatExceptionOfType(UnreadableCallException.class).isThrownBy(() -> CallReader.read(text));
	}

	@Test
	void boundsNestingAndLength() {
		assertThatExceptionOfType(UnreadableCallException.class).isThrownBy(() -> CallReader.read("(".repeat(200) + "1" + ")".repeat(200)))
			.withMessageContaining("nests deeper");
		assertThatExceptionOfType(UnreadableCallException.class).isThrownBy(() -> CallReader.read("-".repeat(500) + "1"))
			.withMessageContaining("nests deeper");
		assertThatExceptionOfType(UnreadableCallException.class).isThrownBy(() -> CallReader.read("f(" + "1,".repeat(3000) + "1)"))
			.withMessageContaining("longer than");
	}

}
