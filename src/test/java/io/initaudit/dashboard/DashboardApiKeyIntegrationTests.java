package io.initaudit.dashboard;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard against a service with API keys (the same context as OperationsIntegrationTests): without a key it
 * says so; with one, examples load and an audit runs.
 */
@TestPropertySource(properties = { "initaudit.api-keys=k1,k2", "initaudit.trial.worker-enabled=false",
		"spring.datasource.url=jdbc:h2:mem:ops;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class DashboardApiKeyIntegrationTests extends HttpIntegrationTest {

	@Test
	void theKeyFieldUnlocksTheApi() {
		try (Playwright playwright = Playwright.create(); Browser browser = Chromium.launch(playwright)) {
			Page page = Chromium.newPage(browser, 1280, 800);
			page.navigate("http://localhost:" + this.port + "/");
			page.waitForFunction("document.getElementById('status').textContent.includes('401')");
			assertThat(page.textContent("#status")).contains("needs an API key");

			page.fill("#api-key", "k2");
			page.dispatchEvent("#api-key", "change");
			page.waitForSelector("#example option[value='convnext-block']", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
			page.selectOption("#example", "convnext-block");
			page.waitForFunction("document.getElementById('model').value.includes('block0_dw')");
			page.click("#audit");
			page.waitForSelector("#params tbody tr");
			assertThat(page.textContent("#verdict")).isEqualTo("fail");
			assertThat(page.evaluate("sessionStorage.getItem('initaudit-api-key')")).isEqualTo("k2");
		}
	}

}
