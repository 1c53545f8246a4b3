package io.initaudit.measure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.sampling.NetworkLimits;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** How propagations are cut to fit {@code initaudit.measure.max-activation-bytes} (1.5 GiB by default). */
class SegmentPlanTests {

	static final long DEFAULT_LIMIT = 1_610_612_736L; // application.properties (and MeasureSettings' @DefaultValue)

	static ModelDescription resnet50() throws Exception {
		return new ModelReader().read(JsonMapper.builder().build().readTree(Files.readString(Path.of("examples/resnet50.json"))));
	}

	@Test
	void theDefaultLimitIsTheOneThisTestAssumes() throws Exception {
		assertThat(Files.readString(Path.of("src/main/resources/application.properties")))
			.contains("initaudit.measure.max-activation-bytes=" + DEFAULT_LIMIT);
	}

	@Test
	void resnet50AtBatch8Of224FitsTheDefaultLimitInSegments() throws Exception {
		ModelDescription model = resnet50();
		// The whole graph needs about 4.6 GiB at 16 bytes per activation value: three times the limit.
		assertThat(NetworkLimits.activationBytes(model, 8)).isGreaterThan(2 * DEFAULT_LIMIT);
		SegmentPlan plan = SegmentPlan.of(model, 8, DEFAULT_LIMIT);
		assertThat(plan.segments()).hasSizeGreaterThan(3);
		assertThat(plan.peakBytes()).isLessThanOrEqualTo(DEFAULT_LIMIT);
		int next = 0;
		for (SegmentPlan.Segment s : plan.segments()) {
			assertThat(s.from()).isEqualTo(next);
			assertThat(s.to()).isGreaterThan(s.from());
			next = s.to();
		}
		assertThat(next).isEqualTo(model.layers().size());
	}

	@Test
	void aGraphThatFitsIsOneSegment() throws Exception {
		ModelDescription model = resnet50();
		SegmentPlan plan = SegmentPlan.of(model, 2, DEFAULT_LIMIT);
		assertThat(plan.segments()).containsExactly(new SegmentPlan.Segment(0, model.layers().size()));
		assertThat(plan.peakBytes()).isEqualTo(NetworkLimits.activationBytes(model, 2));
		assertThat(SegmentPlan.of(model, 64, 0).segments()).hasSize(1); // 0: no bound
	}

	@Test
	void aResidualBlockKeepsItsInputAcrossACutInsideIt() throws Exception {
		ModelDescription model = resnet50();
		// layer1.0's shortcut (downsample) reads the block's input, the max-pool's output: a cut inside the block keeps it.
		int conv2 = indexOf(model, "layer1_0_conv2");
		assertThat(SegmentPlan.crossing(model, conv2)).contains("maxpool");
		assertThat(SegmentPlan.externals(model, new SegmentPlan.Segment(conv2, model.layers().size()))).contains("maxpool");
		List<String> afterBlock = SegmentPlan.crossing(model, indexOf(model, "layer1_1_conv1"));
		assertThat(afterBlock).hasSize(1);
	}

	private static int indexOf(ModelDescription model, String name) {
		for (int i = 0; i < model.layers().size(); i++) {
			if (model.layers().get(i).name().equals(name)) {
				return i;
			}
		}
		throw new AssertionError(name);
	}

}
