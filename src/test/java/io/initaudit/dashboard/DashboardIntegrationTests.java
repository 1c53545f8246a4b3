package io.initaudit.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's /usr/bin/chromium; .ci/run installs it), driven by
 * Playwright. With {@code -Dinitaudit.screenshots=docs/screenshots} the screenshots of the main views are written
 * there (they are committed and shown in the README); otherwise to target/screenshots.
 */
class DashboardIntegrationTests extends HttpIntegrationTest {

	static final Path SCREENSHOTS = Paths.get(System.getProperty("initaudit.screenshots", "target/screenshots"));

	static Playwright playwright;

	static Browser browser;

	@BeforeAll
	static void launch() throws Exception {
		Files.createDirectories(SCREENSHOTS);
		playwright = Playwright.create();
		browser = Chromium.launch(playwright);
	}

	@AfterAll
	static void close() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

	Page open(int width, int height) {
		Page page = Chromium.newPage(browser, width, height);
		page.navigate("http://localhost:" + this.port + "/");
		page.waitForSelector("#example option[value='convnext-block']", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
		return page;
	}

	@Test
	void loadAnExampleSeeTheFindingsAndOpenOne() {
		Page page = open(1280, 900);
		page.selectOption("#example", "convnext-block");
		page.waitForFunction("document.getElementById('model').value.includes('block0_dw')");
		page.check("#measure");
		page.click("#audit");
		page.waitForSelector("#params tbody tr");
		assertThat(page.textContent("#verdict")).isEqualTo("fail");
		assertThat(page.textContent("#params")).contains("FAN_OUT_IGNORES_GROUPS", "TRUNC_BOUNDS_ABSOLUTE");
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("findings.png")));
		// The filter keeps the parameters with an error: the two 7×7 depthwise convs (fan_out ignores groups). The GELU
		// expansions at trunc_normal_(std=0.02) are what ConvNeXt means (an explicit std is intended, api.md §1).
		page.selectOption("#filter-severity", "error");
		assertThat(page.locator("#params tbody tr").count()).isEqualTo(2);
		page.selectOption("#filter-code", "FAN_OUT_IGNORES_GROUPS");
		assertThat(page.locator("#params tbody tr").count()).isEqualTo(2);
		// Keyboard: focus the first row and press Enter.
		Locator first = page.locator("#params tbody tr").first();
		first.focus();
		page.keyboard().press("Enter");
		page.waitForSelector("#detail:not([hidden])");
		assertThat(page.textContent("#detail-findings")).contains("FAN_OUT_IGNORES_GROUPS");
		assertThat(page.textContent("#snippets")).contains("torch.nn.init.normal_(m.weight, mean=0.0, std=0.202031)");
		assertThat(page.locator("#snippets button.copy").count()).isEqualTo(3);
		page.waitForSelector("#histogram-figure:not([hidden])");
		assertThat(page.evaluate("Chart.getChart('histogram').data.datasets.length")).isEqualTo(2);
		assertThat(page.evaluate("Chart.getChart('std-chart').options.scales.y.type")).isEqualTo("logarithmic");
		// Works at 1280 px: nothing sticks out sideways.
		assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(1280);
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("audit.png")).setFullPage(false));
		// The finding's documentation link resolves.
		String help = page.getAttribute("#detail-findings a", "href");
		assertThat(get(help).statusCode()).isEqualTo(200);
	}

	@Test
	void propagationPlotShowsBothInits() {
		Page page = open(1440, 900);
		page.selectOption("#example", "bars-cnn");
		page.waitForFunction("document.getElementById('model').value.includes('\"dw\"')");
		page.click("#propagate");
		page.waitForSelector("#propagation-figure:not([hidden])", new Page.WaitForSelectorOptions().setTimeout(120_000));
		assertThat(page.evaluate("Chart.getChart('propagation-chart').data.datasets.length")).isEqualTo(4);
		assertThat(page.textContent("#status")).contains("Propagated");
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("propagation.png")));
	}

	@Test
	void startATrialWatchItsCurvesAndSeeTheConclusion() {
		Page page = open(1440, 1000);
		page.selectOption("#example", "bars-cnn");
		page.waitForFunction("document.getElementById('model').value.includes('\"dw\"')");
		page.selectOption("#task", "synthetic-bars");
		page.selectOption("#optimizer", "sgd");
		page.fill("#lr", "0.5");
		page.fill("#steps", "60");
		page.click("#start-trial");
		page.waitForFunction("document.getElementById('conclusion').textContent.startsWith('With sgd')", null,
				new Page.WaitForFunctionOptions().setTimeout(180_000));
		assertThat(page.textContent("#trial-status")).contains("succeeded", "cpu");
		assertThat(page.evaluate("Chart.getChart('loss-chart').data.datasets.map(d => d.label).sort().join(',')")).isEqualTo("corrected,declared");
		assertThat(page.evaluate("Chart.getChart('loss-chart').data.datasets.every(d => d.data.length === 60)")).isEqualTo(true);
		page.click("#theme");
		assertThat(page.evaluate("document.documentElement.dataset.theme")).isEqualTo("dark");
		page.locator(".trials").screenshot(new Locator.ScreenshotOptions().setPath(SCREENSHOTS.resolve("trial-dark.png")));
		assertThat(page.textContent("#trial-history")).contains("bars-cnn");
	}

	@Test
	void aMalformedModelShowsTheProblemWithItsPointer() {
		Page page = open(1280, 800);
		page.fill("#model", "{\"layers\": [{\"type\": \"conv2d\", \"in_channels\": 6, \"out_channels\": 8, \"kernel_size\": 3, \"groups\": 4}]}");
		page.click("#audit");
		page.waitForSelector("#status.error");
		assertThat(page.textContent("#status")).contains("400", "/layers/0/groups");
	}

}
