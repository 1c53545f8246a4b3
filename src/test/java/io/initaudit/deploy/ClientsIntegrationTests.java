package io.initaudit.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python and TypeScript clients generated from openapi/openapi.yaml by the build (target/clients), each run
 * against this running service with API keys: refused without a key, then with the key (the document's apiKey
 * scheme) audit an example, fetch the report, submit a trial and poll it.
 */
@TestPropertySource(properties = { "initaudit.api-keys=" + ClientsIntegrationTests.KEY,
		"spring.datasource.url=jdbc:h2:mem:clients;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class ClientsIntegrationTests extends HttpIntegrationTest {

	static final String KEY = "client-check-key";

	static final Path GENERATED = Path.of("target", "clients");

	@Test
	void pythonClient() throws Exception {
		assertThat(GENERATED.resolve("python/initaudit_client")).as("run the build: the client is generated in generate-test-resources").exists();
		String out = run(List.of(python(), "clients/python/tests/client_check.py", "http://localhost:" + this.port, GENERATED.resolve("python").toString(), KEY));
		assertThat(out).contains("python client: audit", "verdict fail", "succeeded");
	}

	@Test
	void typescriptClient() throws Exception {
		Path tsc = Path.of(".ci", "node", "node_modules", ".bin", "tsc");
		assertThat(tsc).as("typescript is missing: run npm ci --prefix .ci/node").exists();
		Path work = GENERATED.resolve("ts-check");
		if (Files.exists(work)) {
			try (var files = Files.walk(work)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		Files.createDirectories(work);
		try (var files = Files.walk(GENERATED.resolve("typescript/src"))) {
			for (Path p : files.toList()) {
				Path target = work.resolve("src").resolve(GENERATED.resolve("typescript/src").relativize(p).toString());
				if (Files.isDirectory(p)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(p, target);
				}
			}
		}
		Files.copy(Path.of("clients/typescript/client-check.ts"), work.resolve("client-check.ts"));
		Files.writeString(work.resolve("tsconfig.json"), """
				{ "compilerOptions": { "target": "ES2020", "module": "commonjs", "lib": ["ES2020", "DOM"], "outDir": "out", "skipLibCheck": true,
				  "strict": false, "typeRoots": ["../../../.ci/node/node_modules/@types"], "types": ["node"] }, "files": ["client-check.ts"] }""");
		run(List.of(tsc.toString(), "-p", work.toString()));
		String out = run(List.of("node", work.resolve("out/client-check.js").toString(), "http://localhost:" + this.port, "examples", KEY));
		assertThat(out).contains("typescript client: audit", "verdict fail", "succeeded");
	}

	/** .ci/run's virtual environment when it made one (the system python3 lacked the client's requirements). */
	private static String python() {
		Path venv = Path.of(".ci", "python", "bin", "python3");
		return Files.isExecutable(venv) ? venv.toString() : "python3";
	}

	private static String run(List<String> command) throws Exception {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes());
		assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
		assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
		return out;
	}

}
