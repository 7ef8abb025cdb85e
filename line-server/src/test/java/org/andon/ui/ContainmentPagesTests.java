package org.andon.ui;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containment in a real Chromium: PAINT rejects a part for a weld defect on its tablet, the other WELD part PAINT
 * holds goes on hold there (and its PASS is refused), quality sees it in the holds view and on WELD's one-click
 * station page — in English and Chinese, each screenshotted — and releases it, after which it passes.
 */
class ContainmentPagesTests extends UiServer {

	@Test
	void aWeldDefectRejectedAtPaintHoldsTheOtherWeldPartAndQualityReleasesItFromTheHoldsView() {
		String station = browser.open(url("/station.html"), 1024, 768);
		signInStation("FRAME");
		for (String serial : new String[] { "UH-1", "UH-2" }) {
			browser.typeAndEnter("#serial", serial);
			awaitActivity("Done: Receive " + serial);
			browser.click("#act-pass");
			awaitActivity("Done: Pass " + serial + " → WELD");
		}
		switchStation("WELD");
		for (String serial : new String[] { "UH-1", "UH-2" }) {
			browser.typeAndEnter("#serial", serial);
			awaitActivity("Done: Accept " + serial);
			browser.click("#act-pass");
			awaitActivity("Done: Pass " + serial + " → PAINT");
		}
		switchStation("PAINT");
		browser.typeAndEnter("#serial", "UH-1");
		awaitActivity("Done: Accept UH-1");
		browser.type("#serial", "UH-2");
		browser.click("#act-reject");
		browser.click("#picker-options button[data-value=WELD-POROSITY]");
		browser.type("#picker-note", "pores at the seam");
		browser.click("#picker-ok");
		awaitActivity("Done: Reject UH-2 WELD-POROSITY");

		// the tablet lists the held part and refuses to pass it
		browser.awaitText("#held", t -> t.contains("UH-1") && t.contains("WELD-POROSITY") && t.contains("WELD"));
		browser.type("#serial", "UH-1");
		browser.click("#act-pass");
		awaitActivity("on hold");
		browser.shot("station-part-on-hold");

		String quality = browser.open(url("/quality.html"), 1600, 900);
		signInPerson("quality");
		browser.click("#tab-holds");
		String row = "#holds tbody tr[data-part=\"UH-1\"]";
		browser.awaitText(row, t -> t.contains("at PAINT") && t.contains("WELD-POROSITY on UH-2, made at WELD"));
		assertThat(browser.all("#holds tbody tr")).hasSize(1);
		browser.shot("quality-holds");
		browser.select("#lang", "zh-CN");
		browser.awaitText("#tab-holds", t -> t.equals("扣留件"));
		browser.awaitText(row, t -> t.contains("在 PAINT") && t.contains("制造于 WELD"));
		browser.shot("quality-holds-zh");

		// one click from the hold to the station that made it: WELD's page
		browser.click(row + " a[data-station-link=WELD]");
		browser.awaitText("#station-title", t -> t.startsWith("WELD"));
		browser.awaitText("#station-holds tbody", t -> t.contains("UH-1"));
		browser.awaitText("#station-rejects tbody", t -> t.contains("UH-2") && t.contains("PAINT"));
		browser.awaitText("#station-graph", t -> t.contains("FRAME") && t.contains("PAINT"));
		assertThat(browser.text("dd[data-figure=\"quality.col.onHold\"]")).isEqualTo("1");
		browser.shot("quality-station-zh");
		browser.select("#lang", "en");
		browser.awaitText("#tab-station", t -> t.equals("Station"));
		browser.awaitText("#station-page", t -> t.contains("On hold because of this station now")
				&& t.contains("What its customers rejected"));
		browser.shot("quality-station");

		// release it from the holds view: quality says what was checked
		browser.click("#tab-holds");
		browser.awaitText(row, t -> t.contains("at PAINT"));
		browser.type(row + " input[data-field=note]", "seams x-rayed: no pores");
		browser.click(row + " button[data-action=release]");
		browser.awaitText("#holds-status", t -> t.contains("No part is on hold"));

		browser.use(station);
		browser.awaitText("#no-held", t -> t.equals("None."));
		browser.type("#serial", "UH-1");
		browser.click("#act-pass");
		awaitActivity("Done: Pass UH-1 → ASSY");
		assertNoScriptErrors(quality);
	}

	private void switchStation(String id) {
		browser.click("#signout");
		signInStation(id);
	}

}
