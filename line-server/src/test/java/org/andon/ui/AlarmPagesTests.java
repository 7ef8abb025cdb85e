package org.andon.ui;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alarm discipline on the board in a real Chromium: the lead shelves a material call, the station shows as shelved
 * with who and why, the lead takes another station out of service and returns it, and the quality review lists both
 * with their ends — each screen screenshotted, in English and Chinese.
 */
class AlarmPagesTests extends UiServer {

	@Test
	void theLeadShelvesACallAndTakesAStationOutOfServiceOnTheBoardAndTheReviewShowsBoth() {
		String board = boardWithMaterialCall("TEST", "screws running low again");
		String station = browser.current();

		browser.use(board);
		String call = "#incident-list li[data-station=\"TEST\"][data-kind=\"CALL\"]";
		browser.awaitText(call, t -> t.contains("screws running low again"));
		browser.js("window.prompt = () => 'feeder refill booked for 10:30'");
		browser.click(call + " button[data-action=shelve]");
		String shelf = "#suppressions li[data-station=\"TEST\"][data-kind=\"SHELF\"]";
		browser.awaitText(shelf, t -> t.contains("material alarm shelved until") && t.contains("lead")
				&& t.contains("feeder refill booked for 10:30"));
		browser.awaitText(".line-graph [data-station=\"TEST\"] .holds", t -> t.contains("shelved: material"));

		browser.awaitText("#oos-station", t -> t.contains("SEAT-CUT"));
		browser.select("#oos-station", "SEAT-CUT");
		browser.type("#oos-reason", "blade change, cutter locked out");
		browser.click("#oos-form button[type=submit]");
		String oos = "#suppressions li[data-station=\"SEAT-CUT\"][data-kind=\"OUT_OF_SERVICE\"]";
		browser.awaitText(oos, t -> t.contains("out of service") && t.contains("blade change"));
		browser.awaitText(".line-graph [data-station=\"SEAT-CUT\"] .holds", t -> t.contains("out of service"));
		browser.shot("board-alarms-quiet");
		browser.select("#lang", "zh-CN");
		browser.awaitText(oos, t -> t.contains("已停用"));
		browser.shot("board-alarms-quiet-zh");
		browser.select("#lang", "en");
		browser.click(oos + " button[data-action=end-suppression]");
		await().atMost(Duration.ofSeconds(45)).until(() -> browser.text(oos) == null);
		browser.click(call + " button[data-action=contain]");

		String quality = browser.open(url("/quality.html#station"), 1600, 1000);
		signInPerson("quality");
		browser.awaitText("#s-station", t -> t.contains("SEAT-CUT")); // filled once the line is loaded
		browser.select("#s-station", "SEAT-CUT");
		String row = "#station-alarms tbody tr[data-kind=\"OUT_OF_SERVICE\"]";
		browser.awaitText(row, t -> t.contains("blade change") && t.contains("returned to service by lead"));
		browser.shot("quality-station-alarms");
		assertThat(browser.all("#station-alarms tbody tr")).hasSize(1);
		assertNoScriptErrors(board, station, quality);
	}
}
