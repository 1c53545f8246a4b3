package io.initaudit.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.initaudit.audit.Auditor;
import io.initaudit.imports.ModelImports;
import io.initaudit.model.Framework;
import io.initaudit.model.InitDecl;
import io.initaudit.model.InvalidModelException;
import io.initaudit.model.LayerKind;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelSources;
import io.initaudit.semantics.CallReader;
import io.initaudit.semantics.Initializers;
import io.initaudit.semantics.Thresholds;
import io.initaudit.semantics.UnreadableCallException;

/**
 * Fuzz tests of everything that reads untrusted input, by the path a request takes: the JSON body reader, then the
 * model reader (and the audit of what it accepts), the Keras and torch importers, and the initializer-call reader.
 * The property: the input is accepted, or refused with the exception the API answers as a 400 naming the field;
 * nothing else is thrown (a 500). Every build replays the committed seed corpus in
 * {@code src/test/resources/io/initaudit/system/InputFuzzTestsInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes one
 * method (docs/security.md) and adds what it finds there.
 */
class InputFuzzTests {

	static final JsonBodies BODIES = new JsonBodies(new JsonBodies.Limits(2 << 20, Duration.ofSeconds(10)));

	static final ModelImports IMPORTS = new ModelImports();

	@FuzzTest(maxDuration = "30s")
	void modelDescriptions(byte[] input) {
		readAndAudit(input, ModelSources.Source.NATIVE);
	}

	@FuzzTest(maxDuration = "30s")
	void kerasDocuments(byte[] input) {
		readAndAudit(input, ModelSources.Source.KERAS);
	}

	@FuzzTest(maxDuration = "30s")
	void torchManifests(byte[] input) {
		readAndAudit(input, ModelSources.Source.TORCH);
	}

	@FuzzTest(maxDuration = "30s")
	void initializerCalls(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		try {
			CallReader.read(text);
		}
		catch (UnreadableCallException ex) {
			// Refused: the API reports UNKNOWN_INITIALIZER.
		}
		if (text.length() <= CallReader.MAX_LENGTH) {
			for (Framework framework : Framework.values()) {
				for (LayerKind kind : LayerKind.values()) {
					Initializers.resolve(new InitDecl.CallText(text), framework, kind);
				}
			}
		}
	}

	/** The body read as the API reads it, and audited when it is accepted; a refusal the API answers as a 400 is fine. */
	private static void readAndAudit(byte[] input, ModelSources.Source source) {
		ModelDescription model;
		try {
			model = IMPORTS.read(BODIES.parse(input), source);
		}
		catch (InvalidModelException | BodyTooLargeException ex) {
			return;
		}
		new Auditor(Thresholds.DEFAULT).audit(model, "fuzz", Instant.EPOCH);
	}

}
