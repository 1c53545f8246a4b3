package io.initaudit.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.initaudit.audit.AuditReport;
import io.initaudit.audit.Auditor;
import io.initaudit.model.InvalidModelException;
import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.semantics.Thresholds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The importers on committed documents: hand-written Keras JSON in to_json() layout, and PyTorch manifests whose
 * statistics were sampled from the init laws (src/test/resources/manifests/generate_manifests.py).
 */
class ImportersTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static JsonNode resource(String path) throws IOException {
		return JSON.readTree(Files.readString(Path.of("src/test/resources", path)));
	}

	static AuditReport audit(ImportedModel imported) {
		ModelDescription m = new ModelReader().read(imported.description());
		return new Auditor(Thresholds.DEFAULT).audit(m, "x", Instant.EPOCH);
	}

	static List<String> codes(AuditReport r, String layer) {
		return r.layers().stream().filter(l -> l.name().equals(layer)).flatMap(l -> l.parameters().stream()).flatMap(p -> p.findings().stream())
			.map(AuditReport.FindingView::code).toList();
	}

	@Test
	void kerasDepthwiseHeNormalIsFoundWithItsInputChannelsInferred() throws IOException {
		ImportedModel imported = new KerasImporter().read(resource("keras/mobilenet_style.keras3.json"));
		ModelDescription m = new ModelReader().read(imported.description());
		assertThat(m.framework().jsonName()).isEqualTo("keras");
		Layer dw2 = m.layer("conv_dw_2").orElseThrow();
		assertThat(dw2.config().in()).isEqualTo(64);
		AuditReport r = audit(imported);
		assertThat(codes(r, "conv_dw_1")).contains("FAN_IN_IGNORES_DEPTHWISE");
		assertThat(codes(r, "conv_dw_2")).contains("FAN_IN_IGNORES_DEPTHWISE");
		// Keras' default glorot_uniform before a ReLU is the default, not a call the user wrote.
		assertThat(codes(r, "conv1")).containsExactly("DEFAULT_INIT_NOT_HE");
		assertThat(codes(r, "conv_pw_1")).isEmpty();
		assertThat(m.layer("residual").orElseThrow().inputs()).containsExactly("expand", "conv_pw_2_relu");
		assertThat(imported.notes()).anyMatch(n -> n.contains("Rescaling is not modelled"));
	}

	@Test
	void tfKeras2SequentialWithABidirectionalLstm() throws IOException {
		ImportedModel imported = new KerasImporter().read(resource("keras/bilstm.tfkeras2.json"));
		ModelDescription m = new ModelReader().read(imported.description());
		assertThat(m.framework().jsonName()).isEqualTo("tensorflow");
		Layer lstm = m.layer("bidirectional").orElseThrow();
		assertThat(lstm.config().bidirectional()).isTrue();
		assertThat(lstm.config().in()).isEqualTo(64);
		assertThat(m.layer("dense").orElseThrow().config().in()).isEqualTo(128);
		AuditReport r = audit(imported);
		assertThat(codes(r, "bidirectional")).contains("STACKED_FAN_OUT", "ORTHOGONAL_NOT_PER_GATE");
		assertThat(codes(r, "dense")).contains("TRUNC_STD_PRE_TRUNCATION");
	}

	/** A Sequential of one Dense inside {@code depth} Sequentials, in Keras 3's to_json layout. */
	static String nestedSequential(int depth) {
		String inner = "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 8}, "
				+ "\"build_config\": {\"input_shape\": [null, 4]}}";
		for (int i = 0; i < depth; i++) {
			inner = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s" + i + "\", \"layers\": [" + inner + "]}}";
		}
		return "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [{\"module\": \"keras.layers\", "
				+ "\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4], \"name\": \"in\"}}, " + inner + "]}}";
	}

	@Test
	void nestedModelsAreReadInPlaceAndBoundedInDepth() {
		ImportedModel two = new KerasImporter().read(JSON.readTree(nestedSequential(2)));
		assertThat(new ModelReader().read(two.description()).layers()).extracting(Layer::name).containsExactly("s1/s0/d");
		assertThat(two.origins().get(0).pointer()).isEqualTo("/config/layers/1/config/layers/0/config/layers/0");
		// Deeper than KerasImporter's bound: a 400 pointing at the model that is one too deep, not a stack overflow.
		assertThatExceptionOfType(InvalidModelException.class).isThrownBy(() -> new KerasImporter().read(JSON.readTree(nestedSequential(12))))
			.satisfies(ex -> assertThat(ex.violations().get(0).detail()).contains("nested more than 8 deep"));
	}

	@Test
	void notAKerasDocumentIsRejectedWithAPointer() {
		assertThatExceptionOfType(InvalidModelException.class).isThrownBy(() -> new KerasImporter().read(JSON.readTree("{\"layers\": []}")))
			.satisfies(ex -> assertThat(ex.violations().get(0).pointer()).isEqualTo("/config"));
	}

	@Test
	void torchvisionMobileNetV2IsRecognisedAndFlagged() throws IOException {
		ImportedModel imported = new TorchManifestImporter().read(resource("manifests/mobilenet_v2.manifest.json"));
		// 52 convs and the classifier; the batch norms' ones and zeros are constants, recognised without a note.
		assertThat(imported.notes()).filteredOn(n -> n.contains("recognised")).hasSize(53);
		assertThat(imported.notes()).filteredOn(n -> n.contains("recognised torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')"))
			.hasSize(52);
		assertThat(imported.notes()).anyMatch(n -> n.startsWith("classifier.1.weight: recognised torch.nn.init.normal_(w, std=0.01)"));
		AuditReport r = audit(imported);
		// All 17 depthwise convs: fan_out counts every channel.
		assertThat(r.layers().stream().flatMap(l -> l.parameters().stream()).flatMap(p -> p.findings().stream())
			.filter(f -> f.code().equals("FAN_OUT_IGNORES_GROUPS"))).hasSize(17);
		assertThat(codes(r, "features.1.conv.0.0")).contains("FAN_OUT_IGNORES_GROUPS");
		// The measured statistics agree with the recognised inits: no mismatch.
		assertThat(r.layers().stream().flatMap(l -> l.parameters().stream()).flatMap(p -> p.findings().stream())
			.map(AuditReport.FindingView::code)).doesNotContain("MEASURED_STD_MISMATCH");
	}

	@Test
	void pytorchDefaultsAreRecognisedFromTheirUniformShape() throws IOException {
		ImportedModel imported = new TorchManifestImporter().read(resource("manifests/small_cnn_defaults.manifest.json"));
		// Every weight is PyTorch's default; the 10 values of fc.bias cannot tell it from a round normal_: unsure, and
		// audited as the most likely, the default.
		assertThat(imported.notes()).filteredOn(n -> n.contains(".weight")).allMatch(n -> n.contains("recognised PyTorch's default init"));
		assertThat(imported.notes()).filteredOn(n -> n.startsWith("fc.bias")).singleElement()
			.satisfies(n -> assertThat(n).contains("unsure", "the most likely, PyTorch's default init"));
		AuditReport r = audit(imported);
		assertThat(codes(r, "conv1")).containsExactly("DEFAULT_INIT_NOT_HE");
		assertThat(codes(r, "fc")).isEmpty();
	}

	@Test
	void aManifestOfAnotherFormatIsRejected() {
		assertThatExceptionOfType(InvalidModelException.class)
			.isThrownBy(() -> new TorchManifestImporter().read(JSON.readTree("{\"format\": \"onnx\", \"modules\": []}")))
			.withMessageContaining("initaudit.torch-manifest");
	}

}
