package io.initaudit.dashboard;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard runs under its own Content-Security-Policy, enforced (no bypass): loading an example, auditing it
 * and opening the results raise no policy violation, no console error and no page error.
 */
class DashboardSecurityIntegrationTests extends HttpIntegrationTest {

	@Test
	void theDashboardWorksUnderItsContentSecurityPolicy() throws InterruptedException {
		try (Playwright playwright = Playwright.create(); Browser browser = Chromium.launch(playwright)) {
			Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)).newPage();
			List<String> problems = new ArrayList<>();
			page.onConsoleMessage(m -> {
				if (m.type().equals("error") || m.text().contains("Content Security Policy")) {
					problems.add(m.type() + ": " + m.text());
				}
			});
			page.onPageError(e -> problems.add("page error: " + e));
			page.navigate("http://localhost:" + this.port + "/");
			page.waitForSelector("#example option[value='convnext-block']", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
			page.selectOption("#example", "convnext-block");
			page.click("#load-example");
			for (int i = 0; i < 100 && !page.inputValue("#model").contains("block0_dw"); i++) {
				Thread.sleep(100);
			}
			assertThat(page.inputValue("#model")).contains("block0_dw");
			page.click("#audit");
			page.waitForSelector("#params tbody tr");
			assertThat(page.textContent("#verdict")).isEqualTo("fail");
			assertThat(problems).isEmpty();
		}
	}

}
