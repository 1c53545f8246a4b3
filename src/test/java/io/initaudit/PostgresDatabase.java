package io.initaudit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
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

	/** A fresh schema name for one test class, so classes and runs never see each other's rows. */
	public static String newSchema(String prefix) {
		return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/** Points the application's data source at {@code schema} of this database; Flyway creates and migrates it. */
	public void register(DynamicPropertyRegistry registry, String schema) {
		registry.add("spring.datasource.url", () -> url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema);
		registry.add("spring.datasource.username", this::username);
		registry.add("spring.datasource.password", this::password);
		registry.add("spring.flyway.schemas", () -> schema);
		registry.add("spring.flyway.create-schemas", () -> "true");
	}

	public void dropSchema(String schema) throws SQLException {
		try (Connection c = DriverManager.getConnection(url(), username(), password()); Statement s = c.createStatement()) {
			s.execute("drop schema if exists " + schema + " cascade");
		}
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
