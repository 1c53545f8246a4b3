package io.initaudit;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed openapi/openapi.yaml is what the running service generates. After an intended API change,
 * regenerate it with {@code mvn verify -Dinitaudit.openapi.write=true} and commit the file.
 */
class OpenApiDocumentIntegrationTests extends HttpIntegrationTest {

	static final Path COMMITTED = Path.of("openapi", "openapi.yaml");

	@Test
	void committedDocumentMatchesTheService() throws IOException {
		HttpResponse<String> r = get("/v3/api-docs.yaml");
		assertThat(r.statusCode()).isEqualTo(200);
		String generated = r.body().strip() + "\n";
		if (Boolean.getBoolean("initaudit.openapi.write")) {
			Files.createDirectories(COMMITTED.getParent());
			Files.writeString(COMMITTED, generated);
		}
		assertThat(COMMITTED).as("openapi/openapi.yaml is missing: run mvn verify -Dinitaudit.openapi.write=true").exists();
		assertThat(Files.readString(COMMITTED))
			.as("openapi/openapi.yaml differs from what the service generates: run mvn verify -Dinitaudit.openapi.write=true and review the diff")
			.isEqualTo(generated);
	}

}
