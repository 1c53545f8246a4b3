package io.initaudit.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile, linted offline with dockerfile-utils (npm; .ci/run installs it with {@code npm ci --prefix .ci/node}),
 * and its promises: multi-stage, non-root, health check, off-heap caps, a CUDA target.
 */
class DockerfileIntegrationTests {

	static final Path LINTER = Path.of(".ci", "node", "node_modules", ".bin", "dockerfile-utils");

	static final Path WORKER = Path.of("clients", "python", "Dockerfile");

	@ParameterizedTest
	@ValueSource(strings = { "Dockerfile", "clients/python/Dockerfile" })
	void lintsClean(String dockerfile) throws Exception {
		assertThat(LINTER).as("dockerfile-utils is missing: run npm ci --prefix .ci/node").exists();
		Process p = new ProcessBuilder(LINTER.toString(), "lint", dockerfile).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes());
		assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(p.exitValue()).as(out).isZero();
		assertThat(out.strip()).isEmpty();
	}

	@Test
	void buildsWithMavenAndRunsAsNonRootOnAJre() throws Exception {
		String d = Files.readString(Path.of("Dockerfile"));
		assertThat(d).contains("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre-jammy AS runtime", "USER 10001",
				"HEALTHCHECK", "/actuator/health/liveness", "maxphysicalbytes=", "AS cuda", "SPRING_PROFILES_ACTIVE=worker", "-P${MAVEN_PROFILE}");
		assertThat(d.lines().filter(l -> l.startsWith("FROM "))).hasSize(3);
	}

	/** The PyTorch worker's image: a CUDA PyTorch base, the worker package alone, non-root, the worker as entry point. */
	@Test
	void theTorchWorkerImageRunsTheWorkerPackageOnACudaPytorchBase() throws Exception {
		String d = Files.readString(WORKER);
		assertThat(d).contains("ARG BASE=pytorch/pytorch:", "-cuda12", "FROM ${BASE}", "COPY initaudit_worker /app/initaudit_worker", "USER 10001",
				"ENTRYPOINT [\"python3\", \"-m\", \"initaudit_worker\"");
		// The worker needs the standard library and torch only: the image installs nothing else.
		assertThat(d).doesNotContain("pip install ", "requirements");
		assertThat(Path.of("clients", "python", "initaudit_worker", "__main__.py")).exists();
	}

}
