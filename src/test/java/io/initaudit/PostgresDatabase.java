package io.initaudit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL the integration tests use: a Testcontainers container where a Docker engine runs, else the
 * server this machine runs ({@code INITAUDIT_TEST_POSTGRES_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test}
 * as {@code postgres}). Tests fail, never skip, when neither is reachable: .ci/run starts the local server.
 */
public record PostgresDatabase(String url, String username, String password) {

	private static PostgresDatabase instance;

	public static synchronized PostgresDatabase get() {
		if (instance == null) {
			instance = start();
		}
		return instance;
	}

	private static PostgresDatabase start() {
		String url = System.getenv("INITAUDIT_TEST_POSTGRES_URL");
		if (url == null && dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			return new PostgresDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		String user = System.getenv().getOrDefault("INITAUDIT_TEST_POSTGRES_USER", "postgres");
		String password = System.getenv().getOrDefault("INITAUDIT_TEST_POSTGRES_PASSWORD", "");
		return new PostgresDatabase(url != null ? url : "jdbc:postgresql://127.0.0.1:5432/test", user, password);
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
