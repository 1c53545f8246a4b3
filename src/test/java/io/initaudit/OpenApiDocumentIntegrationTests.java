package io.initaudit;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed openapi/openapi.yaml (and its JSON form, openapi/openapi.json, for tools that read JSON) is what the
 * running service generates. After an intended API change, regenerate both with
 * {@code mvn verify -Dinitaudit.openapi.write=true} and commit the files.
 */
class OpenApiDocumentIntegrationTests extends HttpIntegrationTest {

	@ParameterizedTest(name = "{1}")
	@CsvSource({ "/v3/api-docs.yaml, openapi/openapi.yaml", "/v3/api-docs, openapi/openapi.json" })
	void committedDocumentMatchesTheService(String endpoint, String file) throws IOException {
		Path committed = Path.of(file);
		HttpResponse<String> r = get(endpoint);
		assertThat(r.statusCode()).isEqualTo(200);
		String generated = r.body().strip() + "\n";
		if (Boolean.getBoolean("initaudit.openapi.write")) {
			Files.createDirectories(committed.getParent());
			Files.writeString(committed, generated);
		}
		assertThat(committed).as(file + " is missing: run mvn verify -Dinitaudit.openapi.write=true").exists();
		assertThat(Files.readString(committed))
			.as(file + " differs from what the service generates: run mvn verify -Dinitaudit.openapi.write=true and review the diff")
			.isEqualTo(generated);
	}

}
