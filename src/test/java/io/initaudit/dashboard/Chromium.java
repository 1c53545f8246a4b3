package io.initaudit.dashboard;

import java.nio.file.Paths;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/** Debian's headless Chromium (.ci/run installs it), the way Playwright for Java must launch it here. */
final class Chromium {

	private Chromium() {
	}

	static Browser launch(Playwright playwright) {
		return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
			.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run")));
	}

	/**
	 * A page for tests that wait with {@code waitForFunction("…")}: Playwright evaluates the string in the page, which
	 * the dashboard's Content-Security-Policy (no eval) forbids, so these pages bypass it. The policy itself is
	 * exercised, enforced, by {@code DashboardSecurityIntegrationTests}.
	 */
	static Page newPage(Browser browser, int width, int height) {
		return browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setBypassCSP(true)).newPage();
	}

}
