package io.initaudit.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.initaudit.HttpIntegrationTest;
import io.initaudit.imports.RealModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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

	/** Real framework output for the uploads: keras_models.py and torch_models.py write here. */
	static final Path MODELS = Paths.get("target", "dashboard-models");

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

	/** Every page error and console error of the test's pages: none is allowed (checked after each test). */
	private final List<String> problems = new ArrayList<>();

	@AfterEach
	void noPageOrConsoleErrors() {
		assertThat(this.problems).as("page and console errors").isEmpty();
	}

	Page open(int width, int height) {
		return open(width, height, "/");
	}

	Page open(int width, int height, String path) {
		Page page = Chromium.newPage(browser, width, height);
		page.onPageError((e) -> this.problems.add("page error: " + e));
		page.onConsoleMessage((m) -> {
			// Chromium logs every 4xx answer to fetch; a 400 or 422 is the service's refusal, which the tests provoke and
			// check on the page. Anything else (a 404 asset, a 500, a script error) is a problem.
			boolean refusal = m.text().matches("Failed to load resource: the server responded with a status of (400|422) .*");
			if (m.type().equals("error") && !refusal) {
				this.problems.add("console: " + m.text());
			}
		});
		page.navigate("http://localhost:" + this.port + path);
		page.waitForSelector("#example option[value='convnext-block']", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
		return page;
	}

	/** A page at 1280×800 with the convnext-block example loaded and audited, its table shown. */
	private Page auditedConvNextBlock() {
		Page page = open(1280, 800);
		load(page, "convnext-block", "block0_dw");
		page.click("#audit");
		page.waitForSelector("#params tbody tr");
		return page;
	}

	private static void load(Page page, String example, String marker) {
		page.selectOption("#example", example);
		page.waitForFunction("m => document.getElementById('model').value.includes(m)", marker);
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
	void aRealKerasModelIsUploadedAndTheSummaryNamesTheOneFix() throws Exception {
		// DenseNet121 as Keras 3.15 writes it (keras_models.py, weights=None): 59 DEFAULT_INIT_NOT_HE findings (glorot_uniform
		// before BatchNorm → ReLU and the classifier), one code and one He initializer for the convolutions.
		RealModels.export("keras_models.py", MODELS, "dashboard-keras.log", "DenseNet121");
		Page page = open(1280, 800);
		page.setInputFiles("#upload", MODELS.resolve("DenseNet121.keras.json"));
		page.waitForFunction("document.getElementById('source').value === 'keras'");
		page.click("#audit");
		page.waitForSelector("#fix-groups li", new Page.WaitForSelectorOptions().setTimeout(60_000));
		assertThat(page.locator("#fix-groups > li").count()).isEqualTo(1);
		String group = page.textContent("#fix-groups > li");
		assertThat(group).contains("DEFAULT_INIT_NOT_HE", "59 parameters", "One fix for all 59");
		page.click("#fix-groups summary");
		assertThat(page.textContent("#fix-groups .snippet[data-lang=keras] pre")).contains("keras.initializers.VarianceScaling(scale=2");
		assertThat(page.locator("#fix-groups .snippet").first().getAttribute("data-lang")).isEqualTo("keras");
		// Worst first, the severity in the first column, visible at 1280 px.
		assertThat(page.textContent("#params tbody tr:first-child td.sev")).startsWith("warning DEFAULT_INIT_NOT_HE");
		assertThat(page.locator("#params tbody tr").count()).isEqualTo(364);
		assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(1280);
		// 364 parameters: the std chart draws points, and a click on one opens that parameter.
		assertThat(page.evaluate("Chart.getChart('std-chart').config.type")).isEqualTo("scatter");
		// A window of 50 of its 121 weights with fans (the BatchNorm γ, β have none), moved along the model.
		page.selectOption("#std-span", "50");
		page.evalOnSelector("#std-from", "el => { el.value = '50'; el.dispatchEvent(new Event('input')); }");
		assertThat(page.evaluate("[Chart.getChart('std-chart').options.scales.x.min, Chart.getChart('std-chart').options.scales.x.max]").toString())
			.isEqualTo("[50, 99]");
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("densenet121-findings-first.png")));
		// Propagating a Keras document uses source=keras; a plot or the service's refusal, never a crash.
		page.fill("#batch", "1");
		page.click("#propagate");
		page.waitForFunction("!document.body.hasAttribute('aria-busy') && /Propagated|refused/.test(document.getElementById('status').textContent)", null,
				new Page.WaitForFunctionOptions().setTimeout(180_000));
	}

	@Test
	void aTransformersManifestIsUploadedAndItsRefusalToPropagateIsShown() throws Exception {
		// BERT from transformers (torch_models.py, BertModel from a small config, its own _init_weights), exported by
		// clients/python/initaudit_export.py: audited with source=torch, no error (normal_(std=0.02) as BERT means it).
		RealModels.export("torch_models.py", MODELS, "dashboard-torch.log");
		Page page = open(1280, 800);
		page.setInputFiles("#upload", MODELS.resolve("bert.manifest.json"));
		page.waitForFunction("document.getElementById('source').value === 'torch'");
		page.click("#audit");
		page.waitForSelector("#results:not([hidden])");
		assertThat(page.textContent("#verdict")).isEqualTo("pass");
		// A manifest lists modules, not a graph with an input shape: the service's 422 is shown as what it is.
		page.click("#propagate");
		page.waitForSelector("#status.error");
		assertThat(page.textContent("#status")).contains("Propagation refused", "422", "input.shape");
	}

	@Test
	void propagateOnEveryExampleShowsAPlotOrTheRefusal() {
		Page page = open(1280, 800);
		page.fill("#batch", "1");
		List<String> names = page.locator("#example option").all().stream().map(o -> o.getAttribute("value")).filter(v -> !v.isEmpty()).toList();
		assertThat(names).hasSizeGreaterThanOrEqualTo(10);
		for (String name : names) {
			page.selectOption("#example", name);
			page.waitForFunction("n => document.getElementById('status').textContent.startsWith('Loaded ' + n)", name);
			page.click("#propagate");
			page.waitForFunction("!document.body.hasAttribute('aria-busy')", null, new Page.WaitForFunctionOptions().setTimeout(180_000));
			String status = page.textContent("#status");
			assertThat(status).as(name).containsAnyOf("Propagated at batch 1", "Propagation refused");
			if (status.startsWith("Propagated")) {
				assertThat(page.isVisible("#propagation-figure")).as(name).isTrue();
			}
		}
	}

	@Test
	void aReportLinkOpensThatReportInAFreshPageAndEachExportDownloads() throws Exception {
		Page page = auditedConvNextBlock();
		String hash = (String) page.evaluate("location.hash");
		assertThat(hash).startsWith("#audit=");
		String id = hash.substring("#audit=".length());
		for (String format : List.of("json", "markdown", "sarif", "junit")) {
			Download d = page.waitForDownload(() -> page.click("#downloads button[data-format=" + format + "]"));
			String text = Files.readString(d.path());
			assertThat(d.suggestedFilename()).startsWith("convnext-block-" + id.substring(0, 8));
			assertThat(text).as(format).contains(format.equals("markdown") ? "FAN_OUT_IGNORES_GROUPS" : id.substring(0, 8));
		}
		// The same view in a fresh page, from the link alone, marked as not the editor's model.
		Page fresh = open(1280, 800, "/" + hash);
		fresh.waitForSelector("#results:not([hidden])");
		assertThat(fresh.textContent("#summary")).contains("convnext-block");
		assertThat(fresh.isVisible("#stale")).isTrue();
		assertThat(fresh.textContent("#fix-groups")).contains("FAN_OUT_IGNORES_GROUPS");
		// History names the model, framework, verdict and counts.
		fresh.waitForSelector("#audit-history li");
		assertThat(fresh.textContent("#audit-history")).contains("convnext-block (pytorch)", "fail", "errors");
	}

	@Test
	void theParameterTableIsOneTabStopWithArrowKeys() {
		Page page = open(1280, 800);
		load(page, "mobilenetv2", "features");
		page.click("#audit");
		page.waitForSelector("#params tbody tr");
		assertThat(page.locator("#params tbody tr[tabindex='0']").count()).isEqualTo(1);
		page.locator("#params tbody tr").first().focus();
		page.keyboard().press("ArrowDown");
		page.keyboard().press("ArrowDown");
		assertThat(page.evaluate("document.activeElement === document.querySelectorAll('#params tbody tr')[2]")).isEqualTo(true);
		assertThat(page.locator("#params tbody tr[tabindex='0']").count()).isEqualTo(1);
		page.keyboard().press("Enter");
		page.waitForSelector("#detail:not([hidden])");
		// Focus moves to what Enter opened; Escape brings it back to the row that opened it.
		assertThat(page.evaluate("document.activeElement.id")).isEqualTo("detail-title");
		page.keyboard().press("Escape");
		assertThat(page.evaluate("document.activeElement === document.querySelectorAll('#params tbody tr')[2]")).isEqualTo(true);
		// Tab leaves the grid in one step (the next stop is after the table).
		page.locator("#params tbody tr").nth(2).focus();
		page.keyboard().press("Tab");
		assertThat(page.evaluate("document.activeElement.closest('#params tbody') === null")).isEqualTo(true);
		// Grouped by block: a header row per block folds its parameters.
		page.check("#group-blocks");
		Locator block = page.locator("#params tbody tr.block").first();
		String name = block.getAttribute("data-block");
		int rows = page.locator("#params tbody tr").count();
		block.click();
		assertThat(page.locator("#params tbody tr.block[data-block='" + name + "']").getAttribute("aria-expanded")).isEqualTo("false");
		assertThat(page.locator("#params tbody tr").count()).isLessThan(rows);
		// Arrowing through the examples does not load each one.
		page.focus("#example");
		String before = page.inputValue("#model");
		page.keyboard().press("ArrowDown");
		assertThat(page.inputValue("#model")).isEqualTo(before);
	}

	@Test
	void axeCoreFindsNoSeriousViolations() throws Exception {
		// axe-core from the npm registry (.ci/node, pinned by package-lock.json), run in the page with a report shown.
		Page page = auditedConvNextBlock();
		page.locator("#params tbody tr").first().click();
		page.addScriptTag(new Page.AddScriptTagOptions().setPath(Path.of(".ci/node/node_modules/axe-core/axe.min.js")));
		Object violations = page.evaluate("""
				async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
				  .filter(v => v.impact === 'serious' || v.impact === 'critical')
				  .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""");
		assertThat((List<?>) violations).isEmpty();
	}

	@Test
	void theSpiralsExampleTrainsOnTheSpiralsTaskWithItsClasses() {
		Page page = open(1280, 900);
		load(page, "spirals-mlp", "fc7");
		assertThat(page.inputValue("#classes")).isEqualTo("3");
		page.selectOption("#task", "spirals");
		page.selectOption("#optimizer", "adam");
		page.fill("#lr", "0.01");
		page.fill("#steps", "40");
		page.click("#start-trial");
		page.waitForFunction("document.getElementById('conclusion').textContent.length > 0", null, new Page.WaitForFunctionOptions().setTimeout(180_000));
		assertThat(page.textContent("#trial-status")).contains("succeeded");
		assertThat((String) page.evaluate("location.hash")).startsWith("#trial=");
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
