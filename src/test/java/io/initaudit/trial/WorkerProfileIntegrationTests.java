package io.initaudit.trial;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "worker" profile runs the same jar as a queue consumer without the HTTP API.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:worker;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
@ActiveProfiles("worker")
class WorkerProfileIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	TrialSettings settings;

	@Test
	void runsWorkersWithoutAWebServer() {
		assertThat(this.context).isNotInstanceOf(WebApplicationContext.class);
		assertThat(this.settings.workerEnabled()).isTrue();
		assertThat(this.context.getBean(TrialWorker.class).owner()).startsWith("worker-");
		assertThat(this.context.getBeanNamesForType(DispatcherServlet.class)).isEmpty();
	}

}
