package org.andon.ui;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real line server on a random port with the demo plant and its own H2 file, whose WebSocket accepts the pages it
 * serves (the browser sends the page's origin, with the random port in it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "andon.protocol.allowed-origins=http://127.0.0.1:*")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class UiServer {

	@LocalServerPort
	int port;

	/** A fresh Chromium for every test. */
	Browser browser;

	@BeforeEach
	void openBrowser() throws Exception {
		browser = new Browser();
	}

	@AfterEach
	void closeBrowser() {
		browser.close();
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("andon-ui-test");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0");
	}

	String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	/** No page threw, and the content security policy refused nothing a page needs. */
	void assertNoScriptErrors(String... windows) {
		java.util.List<String> errors = new java.util.ArrayList<>(browser.consoleErrors());
		for (String w : windows) {
			browser.use(w);
			errors.addAll(browser.consoleErrors());
		}
		org.assertj.core.api.Assertions.assertThat(errors).filteredOn(e -> e.contains("Uncaught")
				|| e.contains("Content Security Policy") || e.contains("Refused to")).isEmpty();
	}

	void signInPerson(String username) {
		browser.type("#username", username);
		browser.type("#password", "demo");
		browser.click("#signin-form button[type=submit]");
		browser.awaitVisible("#page", true);
	}

	void signInStation(String id) {
		browser.type("#station-id", id);
		browser.type("#token", "demo-" + id.toLowerCase().replace("-", ""));
		browser.click("#signin-form button[type=submit]");
		browser.awaitVisible("#serial", true);
		browser.awaitText("#station-name", t -> t.startsWith(id + " "));
	}

	/**
	 * The lead's board and a material call pulled on a station's tablet (its note given): the board window is
	 * returned, the tablet's is current, and the station shows CALLING.
	 */
	String boardWithMaterialCall(String stationId, String note) {
		String board = browser.open(url("/board.html"), 1600, 900);
		signInPerson("lead");
		browser.awaitText(node(stationId), t -> t.contains("RUNNING"));
		browser.open(url("/station.html"), 1024, 768);
		signInStation(stationId);
		browser.click("#act-call");
		browser.click("#picker-options button[data-value=MATERIAL]");
		browser.type("#picker-note", note);
		browser.click("#picker-ok");
		browser.awaitText("#state-badge", t -> t.equals("CALLING"));
		return board;
	}

	/** The state label of a station on the board's line graph. */
	static String node(String station) {
		return ".line-graph [data-station=\"" + station + "\"] .state-label";
	}

	void awaitActivity(String text) {
		browser.awaitText("#activity", t -> t.contains(text));
	}
}
