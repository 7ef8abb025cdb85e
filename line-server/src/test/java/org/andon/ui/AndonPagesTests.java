package org.andon.ui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three pages end to end in a real headless Chromium against a real line server: the station tablet, the andon
 * board of the shift lead, and the quality review. Each test has a fresh browser; screenshots land in
 * target/ui-shots.
 */
class AndonPagesTests extends UiServer {

	private static final List<String> MAIN_LINE = List.of("WELD", "PAINT", "ASSY", "TEST", "PACK");

	@Test
	void aStopPressedOnTheStationPageStopsTheLineOnTheBoardAndTheLeadResolvesIt() throws Exception {
		String board = browser.open(url("/board.html"), 1600, 900);
		signInPerson("lead");
		for (String s : List.of("FRAME", "WELD", "PAINT", "SEAT-CUT", "SEAT-SEW", "ASSY", "TEST", "PACK")) {
			browser.awaitText(node(s), t -> t.contains("RUNNING"));
		}

		String station = browser.open(url("/station.html"), 1024, 768);
		signInStation("FRAME");
		browser.typeAndEnter("#serial", "UI-1001");
		awaitActivity("Done: Receive UI-1001");
		browser.click("#act-pass");
		awaitActivity("Done: Pass UI-1001 → WELD");
		browser.click("#signout");
		signInStation("WELD");
		// Signed in after the pass: the part comes from the snapshot, not from a notice this page never got.
		browser.awaitText("#incoming", t -> t.contains("UI-1001") && t.contains("FRAME"));
		browser.typeAndEnter("#serial", "UI-1001");
		awaitActivity("Done: Accept UI-1001");
		browser.type("#serial", "NOPE-9");
		browser.click("#act-pass");
		awaitActivity("Refused: Pass NOPE-9 → PAINT: part NOPE-9 is not on line FA1");

		browser.click("#act-stop");
		browser.click("#picker-options button[data-value=QUALITY]");
		browser.type("#picker-note", "porosity on three frames");
		browser.js("window.pressedAt = Date.now()");
		browser.click("#picker-ok");
		browser.awaitVisible("#overlay", true);
		browser.awaitText("#overlay-state", t -> t.equals("STOPPED"));
		browser.awaitText("#overlay-why", t -> t.contains("Quality") && t.contains("porosity on three frames"));
		long pressedAt = ((Number) browser.js("return window.pressedAt")).longValue();
		browser.shot("station-stopped");

		browser.use(board);
		browser.awaitText(node("WELD"), t -> t.contains("STOPPED"));
		for (String s : MAIN_LINE.subList(1, MAIN_LINE.size())) {
			browser.awaitText(node(s), t -> t.contains("HALTED"));
		}
		for (String s : List.of("FRAME", "SEAT-CUT", "SEAT-SEW")) {
			assertThat(browser.text(node(s))).contains("RUNNING");
		}
		assertThat(browser.attribute(".line-graph [data-station=\"WELD\"]", "data-state")).isEqualTo("STOPPED");
		assertThat(browser.text(".line-graph [data-station=\"FRAME\"] .since")).isEqualTo("customer stopped");
		long shownAt = Long.parseLong(browser.attribute(".line-graph [data-station=\"WELD\"]", "data-changed-at"));
		System.out.println("STOP pressed on the tablet -> shown on the board: " + (shownAt - pressedAt) + " ms");
		// how fast is a benchmark's business (docs/benchmarks.md), not a test's: on a loaded CI machine it varies
		// tenfold. Here: the board marks the change when the push arrives, after the press.
		assertThat(shownAt - pressedAt).as("from the STOP press on the tablet to the board, in ms")
			.isGreaterThanOrEqualTo(0);
		assertThat((String) browser.js("return document.title")).startsWith("⛔").contains("WELD");
		assertThat(browser.attribute("link[rel=icon]", "href")).contains("%23c62828");
		assertThat(browser.attribute("body", "data-beeps")).as("a sound on the new stop").isNotNull();

		String incident = "#incident-list li[data-station=\"WELD\"]";
		browser.awaitText(incident, t -> t.contains("porosity on three frames") && t.contains("lead (shift lead)"));
		assertThat(browser.attribute(incident, "data-status")).isEqualTo("OPEN");
		browser.shot("board-stopped");

		browser.click(incident + " button[data-action=acknowledge]");
		await().atMost(Duration.ofSeconds(45))
			.until(() -> "ACKNOWLEDGED".equals(browser.attribute(incident, "data-status")));
		browser.awaitText(incident, t -> t.contains("by lead after"));
		assertThat(browser.all(incident + " button[data-action=sign-off]")).as("the lead's key is the RESUME").isEmpty();
		// a quality stop needs quality's key too: quality signs off on their own board
		String qualityBoard = browser.open(url("/board.html"), 1600, 900);
		signInPerson("quality");
		browser.click(incident + " button[data-action=sign-off]");
		browser.awaitText("body", t -> t.contains("Quality's key given for WELD"));
		browser.use(board);
		browser.click(incident + " button[data-action=resolve]");
		browser.type("#cause", "worn contact tip");
		browser.type("#countermeasure", "tip changed every 500 welds");
		browser.click("#resolve-submit");
		await().atMost(Duration.ofSeconds(45)).until(() -> browser.text(incident) == null);
		for (String s : MAIN_LINE) {
			browser.awaitText(node(s), t -> t.contains("RUNNING"));
		}
		assertThat((String) browser.js("return document.title")).doesNotContain("⛔");
		browser.shot("board-running");

		browser.use(station);
		browser.awaitVisible("#overlay", false);
		browser.awaitText("#state-badge", t -> t.equals("RUNNING"));
		browser.shot("station-running");

		browser.open(url("/quality.html"), 1600, 900);
		signInPerson("quality");
		browser.type("#f-part", "UI-1001");
		browser.click("#search");
		String row = "#handoffs tbody tr[data-part=\"UI-1001\"]";
		browser.awaitText(row, t -> t.contains("FRAME") && t.contains("WELD") && t.contains("accepted"));
		assertThat(browser.all("#handoffs tbody tr")).hasSize(1);
		browser.shot("quality-handoffs");

		browser.click("#export");
		Path csv = browser.downloads.resolve("handoffs-FA1.csv");
		await().atMost(Duration.ofSeconds(45)).until(() -> Files.exists(csv) && Files.size(csv) > 0);
		List<String> rows = csvRows(Files.readString(csv, StandardCharsets.UTF_8));
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).startsWith("id,lineId,partSerial,fromStation,toStation,decision,passedAt");
		assertThat(rows.get(1)).matches("\\d+,FA1,UI-1001,FRAME,WELD,ACCEPTED,[^,]+Z,FRAME,[^,]+Z,WELD,,,");
		String exported = browser.attribute("#export", "data-href");
		assertThat(exported).contains("part=UI-1001");
		assertThat(csvRows(get("quality", "/" + exported).body())).isEqualTo(rows);

		browser.click(row + " a");
		browser.awaitText("#trace tbody", t -> t.contains("part received") && t.contains("part passed")
				&& t.contains("hand-off accepted"));
		browser.shot("quality-trace");
		assertNoScriptErrors(board, station, qualityBoard);
	}

	@Test
	void qualityStaffSeeTheIncidentWithoutTheLeadsButtonsAndTheLeadResumesTheLineInChinese() throws Exception {
		String board = browser.open(url("/board.html"), 1600, 900);
		signInPerson("quality");
		browser.awaitText(node("PACK"), t -> t.contains("RUNNING"));

		String station = browser.open(url("/station.html"), 1024, 768);
		signInStation("PACK");
		browser.click("#act-stop");
		browser.click("#picker-options button[data-value=MATERIAL]");
		browser.type("#picker-note", "no boxes");
		browser.click("#picker-ok");
		browser.awaitText("#overlay-state", t -> t.equals("STOPPED"));

		browser.use(board);
		String incident = "#incident-list li[data-station=\"PACK\"]";
		browser.awaitText(incident, t -> t.contains("no boxes"));
		assertThat(browser.all(incident + " button")).as("quality may not acknowledge, resolve or resume").isEmpty();
		browser.shot("board-quality-view");

		browser.click("#signout");
		signInPerson("lead");
		browser.awaitText(incident, t -> t.contains("no boxes"));
		assertThat(browser.all(incident + " button[data-action]")).hasSize(3);
		browser.select("#lang", "zh-CN");
		browser.awaitText(node("PACK"), t -> t.contains("停线"));
		assertThat(browser.attribute("html", "lang")).isEqualTo("zh-CN");
		browser.awaitText(incident + " button[data-action=resume]", t -> t.equals("恢复生产"));
		browser.shot("board-zh-stopped");
		browser.click(incident + " button[data-action=resume]");
		browser.awaitText(node("PACK"), t -> t.contains("运行"));
		await().atMost(Duration.ofSeconds(45)).until(() -> browser.text(incident) == null);

		browser.use(station);
		browser.awaitVisible("#overlay", false);
		assertThat(browser.attribute("#state-badge", "data-state")).isEqualTo("RUNNING");
		assertNoScriptErrors(board);
	}

	@Test
	void aCallFromTheTabletKeepsTheLineRunningUntilTheLeadMarksItContained() {
		String board = boardWithMaterialCall("TEST", "screws running low");
		String station = browser.current();
		browser.awaitText("#call-strip", t -> t.contains("Material call") && t.contains("left"));
		assertThat(browser.visible("#overlay")).as("a call does not stop the station").isFalse();
		browser.shot("station-calling");

		browser.use(board);
		browser.awaitText(node("TEST"), t -> t.contains("CALLING"));
		assertThat(browser.text(node("PACK"))).as("nothing downstream stops for a call").contains("RUNNING");
		String call = "#incident-list li[data-station=\"TEST\"][data-kind=\"CALL\"]";
		browser.awaitText(call, t -> t.contains("Material") && t.contains("screws running low")
				&& t.contains("Line stops in"));
		browser.shot("board-call");
		browser.click(call + " button[data-action=contain]");
		await().atMost(Duration.ofSeconds(45)).until(() -> browser.text(call) == null);
		browser.awaitText(node("TEST"), t -> t.contains("RUNNING"));

		browser.use(station);
		browser.awaitVisible("#call-strip", false);
		browser.awaitText("#state-badge", t -> t.equals("RUNNING"));

		String quality = browser.open(url("/quality.html#scorecards"), 1600, 1000);
		signInPerson("quality");
		browser.awaitText("#calls tbody tr[data-station=\"TEST\"]", t -> t.contains("Material 1")
				&& t.contains("1 (100 %)") && t.endsWith("1 : 0"));
		browser.awaitText("#team-response tbody tr[data-station=\"TEST\"][data-team=\"material\"]",
				t -> t.startsWith("TEST"));
		browser.select("#lang", "zh-CN");
		browser.awaitText("#calls tbody tr[data-station=\"TEST\"]", t -> t.contains("物料 1"));
		browser.shot("quality-scorecards-calls");
		assertNoScriptErrors(board, quality);
	}

	@Test
	void aPersonCannotUseTheStationPageAndAStationCannotUseTheBoard() {
		browser.open(url("/station.html"), 1024, 768);
		browser.type("#station-id", "lead");
		browser.type("#token", "demo");
		browser.click("#signin-form button[type=submit]");
		browser.awaitText("#signin-error", t -> t.contains("This page is for stations"));
		browser.type("#station-id", "WELD");
		browser.type("#token", "wrong");
		browser.click("#signin-form button[type=submit]");
		browser.awaitText("#signin-error", t -> t.equals("Station or token is wrong."));

		browser.open(url("/board.html"), 1600, 900);
		browser.type("#username", "WELD");
		browser.type("#password", "demo-weld");
		browser.click("#signin-form button[type=submit]");
		browser.awaitText("#signin-error", t -> t.equals("Username or password is wrong."));
		assertThat(browser.visible("#page")).isFalse();
	}

	@Test
	void thePagesAreOpenButEveryFigureNeedsAPersonsSignIn() throws Exception {
		for (String page : List.of("/", "/board.html", "/station.html", "/quality.html", "/js/common.js",
				"/i18n/zh-CN.json", "/webjars/stomp__stompjs/bundles/stomp.umd.min.js")) {
			assertThat(get(null, page).statusCode()).as(page).isEqualTo(200);
		}
		assertThat(get(null, "/api/quality/me").statusCode()).isEqualTo(401);
		assertThat(get("WELD:demo-weld", "/api/quality/scorecards?line=FA1").statusCode())
			.as("station tokens do not open the REST API").isEqualTo(401);
		HttpResponse<String> me = get("lead", "/api/quality/me");
		assertThat(me.body()).contains("\"roles\":[\"LEAD\"]").contains("\"zone\":\"Europe/Berlin\"");
		HttpResponse<String> unknownLine = get("quality", "/api/quality/pareto?line=NOPE");
		assertThat(unknownLine.statusCode()).isEqualTo(404);
		assertThat(unknownLine.body()).contains("UNKNOWN_STATION");
		assertThat(get("quality", "/api/quality/handoffs.csv?decision=MAYBE").statusCode()).isEqualTo(400);
		assertThat(get("quality", "/api/quality/scorecards?line=FA1&from=2025-06-02T10:00:00Z&to=2025-06-02T09:00:00Z")
			.statusCode()).isEqualTo(400);
		HttpResponse<String> csv = get("quality", "/api/quality/handoffs.csv?line=FA1");
		assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
		assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("handoffs-FA1.csv");
	}

	private static List<String> csvRows(String body) {
		return List.of(body.replace("\uFEFF", "").split("\r\n"));
	}

	private HttpResponse<String> get(String user, String path) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
		if (user != null) {
			String credentials = user.contains(":") ? user : user + ":demo";
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
