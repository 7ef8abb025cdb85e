package org.andon.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.awaitility.Awaitility.await;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, never a downloaded one) with one window per page,
 * sized like the screen the page is made for. Screenshots go to {@code target/ui-shots} for reviewers.
 */
final class Browser implements AutoCloseable {

	static final Path SHOTS = Path.of("target", "ui-shots");

	private static final Duration WAIT = Duration.ofSeconds(45);

	private final ChromeDriver driver;

	private final Path profile;

	final Path downloads;

	Browser() throws IOException {
		File chromium = new File("/usr/bin/chromium");
		File chromedriver = new File("/usr/bin/chromedriver");
		if (!chromium.canExecute() || !chromedriver.canExecute()) {
			throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver "
					+ "(apt-get install chromium chromium-driver; .ci/run installs them)");
		}
		profile = Files.createTempDirectory("andon-chromium");
		downloads = Files.createTempDirectory("andon-downloads");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
				"--user-data-dir=" + profile, "--lang=en-US", "--autoplay-policy=no-user-gesture-required",
				// two pages in one browser: the one in the background must keep running its timers and sockets
				"--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
				"--disable-renderer-backgrounding");
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en",
				"download.default_directory", downloads.toString(), "download.prompt_for_download", false));
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).build();
		driver = new ChromeDriver(service, options);
		driver.executeCdpCommand("Browser.setDownloadBehavior",
				Map.of("behavior", "allow", "downloadPath", downloads.toString()));
	}

	/** Opens a page in a new window whose viewport is width x height; returns the window's handle. */
	String open(String url, int width, int height) {
		if (driver.getWindowHandles().size() > 1 || !"about:blank".equals(driver.getCurrentUrl())
				&& !"data:,".equals(driver.getCurrentUrl())) {
			driver.switchTo().newWindow(WindowType.WINDOW);
		}
		driver.get(url);
		driver.manage().window().setSize(new Dimension(width, height));
		long innerWidth = (Long) js("return window.innerWidth");
		long innerHeight = (Long) js("return window.innerHeight");
		driver.manage().window().setSize(new Dimension(2 * width - (int) innerWidth, 2 * height - (int) innerHeight));
		return driver.getWindowHandle();
	}

	void use(String window) {
		driver.switchTo().window(window);
	}

	/** The handle of the window in use. */
	String current() {
		return driver.getWindowHandle();
	}

	Object js(String script, Object... args) {
		return ((JavascriptExecutor) driver).executeScript(script, args);
	}

	WebElement find(String css) {
		return driver.findElement(By.cssSelector(css));
	}

	List<WebElement> all(String css) {
		return driver.findElements(By.cssSelector(css));
	}

	/** Waits until the element is there and visible, then clicks it (pages re-render, so it looks it up again). */
	void click(String css) {
		await().atMost(WAIT).ignoreExceptions().until(() -> {
			WebElement e = find(css);
			if (!e.isDisplayed() || !e.isEnabled()) {
				return false;
			}
			e.click();
			return true;
		});
	}

	void type(String css, String text) {
		await().atMost(WAIT).ignoreExceptions().until(() -> find(css).isDisplayed());
		WebElement e = find(css);
		e.clear();
		e.sendKeys(text);
	}

	void typeAndEnter(String css, String text) {
		type(css, text);
		find(css).sendKeys(Keys.ENTER);
	}

	void select(String css, String value) {
		new org.openqa.selenium.support.ui.Select(find(css)).selectByValue(value);
	}

	/** The element's text, or null when it is not there (read through the page, so a re-render cannot go stale). */
	String text(String css) {
		return (String) js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
	}

	String attribute(String css, String name) {
		return (String) js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1])"
				+ " : null;", css, name);
	}

	/** True when the element is there and takes up room on the screen (not hidden, not inside something hidden). */
	boolean visible(String css) {
		return Boolean.TRUE.equals(js("const e = document.querySelector(arguments[0]);"
				+ " return !!e && e.getClientRects().length > 0;", css));
	}

	void awaitText(String css, Predicate<String> condition) {
		try {
			await().atMost(WAIT).ignoreExceptions().until(() -> {
				String t = text(css);
				return t != null && condition.test(t);
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			shot("failed-" + System.currentTimeMillis());
			throw new AssertionError("'" + css + "' never showed the expected text; it shows: " + text(css)
					+ "; console: " + consoleErrors(), ex);
		}
	}

	void awaitVisible(String css, boolean visible) {
		try {
			await().atMost(WAIT).ignoreExceptions().until(() -> visible(css) == visible);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			shot("failed-" + System.currentTimeMillis());
			throw new AssertionError("'" + css + "' never became " + (visible ? "visible" : "hidden") + "; console: "
					+ consoleErrors(), ex);
		}
	}

	/** Saves a screenshot of the current window as target/ui-shots/{name}.png. */
	Path shot(String name) {
		try {
			Files.createDirectories(SHOTS);
			Path file = SHOTS.resolve(name + ".png");
			Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Severe console messages (script errors, failed requests) logged since the last call. */
	List<String> consoleErrors() {
		return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
			.filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
			.map(LogEntry::getMessage).toList();
	}

	@Override
	public void close() {
		driver.quit();
		deleteQuietly(profile);
		deleteQuietly(downloads);
	}

	private static void deleteQuietly(Path dir) {
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a temp folder left behind is not worth failing a test for
		}
	}
}
