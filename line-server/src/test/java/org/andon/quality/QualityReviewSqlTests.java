package org.andon.quality;

import java.io.StringWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The quality review's SQL against the real schema (Flyway migrations on H2) and a history whose figures are worked
 * out by hand in {@link ReviewFixture}.
 */
@JdbcTest
@Import({ Scorecards.class, Escapes.class, DefectPareto.class, HandOffCsv.class,
		QualityReviewSqlTests.FixedClock.class })
class QualityReviewSqlTests {

	static final List<Scorecards.StationRef> STATIONS = List.of(new Scorecards.StationRef("FRAME", "Frame loading"),
			new Scorecards.StationRef("WELD", "Welding"), new Scorecards.StationRef("PAINT", "Paint"),
			new Scorecards.StationRef("ASSY", "Final assembly"));

	@TestConfiguration
	static class FixedClock {

		@Bean
		@Primary
		Clock fixedClock() {
			return Clock.fixed(ReviewFixture.NOW, ZoneOffset.UTC);
		}
	}

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Scorecards scorecards;

	@Autowired
	Escapes escapes;

	@Autowired
	DefectPareto pareto;

	@Autowired
	HandOffCsv csv;

	@BeforeEach
	void history() {
		new ReviewFixture(jdbc).write();
	}

	private Map<String, Scorecard> cards(Period period) {
		Map<String, Scorecard> byStation = new java.util.HashMap<>();
		scorecards.of("FA1", STATIONS, 85.0, period).forEach(c -> byStation.put(c.stationId(), c));
		return byStation;
	}

	@Test
	void frameIsScoredOnWhatItMadeAndWhatItsCustomerRejected() {
		Scorecard frame = cards(new Period(ReviewFixture.T, null)).get("FRAME");
		assertThat(frame.partsReceived()).as("four parts entered the line here").isEqualTo(4);
		assertThat(frame.rejectedIncoming()).isZero();
		assertThat(frame.rejectedByCustomers()).as("WELD rejected P2").isEqualTo(1);
		assertThat(frame.escapes()).as("its SCRATCH on P2 and on P1").isEqualTo(2);
		assertThat(frame.processed()).isEqualTo(4);
		assertThat(frame.firstPassGood()).as("P3 and P4 left FRAME clean").isEqualTo(2);
		assertThat(frame.firstPassYield()).isCloseTo(0.5, within(1e-9));
		assertThat(frame.stops()).isZero();
		assertThat(frame.meanSecondsToAcknowledge()).isNull();
	}

	@Test
	void weldIsScoredAsCustomerAndAsSupplierWithItsStopsCostAndAcknowledgeTime() {
		Scorecard weld = cards(new Period(ReviewFixture.T, null)).get("WELD");
		assertThat(weld.partsReceived()).as("hand-offs 10, 11, 13 and 18").isEqualTo(4);
		assertThat(weld.rejectedIncoming()).as("it rejected P2").isEqualTo(1);
		assertThat(weld.rejectedByCustomers()).as("PAINT rejected P1").isEqualTo(1);
		assertThat(weld.escapes()).as("its porosity, and FRAME's scratch it missed").isEqualTo(2);
		assertThat(weld.processed()).as("it accepted P1 and P4").isEqualTo(2);
		assertThat(weld.firstPassGood()).as("P4, which it still holds, has nothing against it").isEqualTo(1);
		assertThat(weld.firstPassYield()).isCloseTo(0.5, within(1e-9));
		assertThat(weld.stops()).isEqualTo(2);
		assertThat(weld.stoppedMinutes()).as("90 s ended + 30 s still running").isCloseTo(2.0, within(1e-9));
		assertThat(weld.stopCost()).isCloseTo(170.0, within(1e-9));
		assertThat(weld.incidents()).isEqualTo(2);
		assertThat(weld.acknowledged()).isEqualTo(1);
		assertThat(weld.meanSecondsToAcknowledge()).isCloseTo(40.0, within(1e-9));
	}

	@Test
	void paintCountsNeitherTheBlockedPassNorAYieldWithoutOutput() {
		Scorecard paint = cards(Period.ALL).get("PAINT");
		assertThat(paint.partsReceived()).as("hand-off 14; the blocked 16 never reached PAINT").isEqualTo(1);
		assertThat(paint.rejectedIncoming()).isEqualTo(1);
		assertThat(paint.escapes()).isEqualTo(1);
		assertThat(paint.processed()).isZero();
		assertThat(paint.firstPassYield()).isNull();
	}

	@Test
	void thePeriodDecidesWhichStopsAndIncidentsCount() {
		Scorecard allTime = cards(Period.ALL).get("WELD");
		assertThat(allTime.stops()).isEqualTo(3);
		assertThat(allTime.stoppedMinutes()).isCloseTo(12.0, within(1e-9));
		assertThat(allTime.meanSecondsToAcknowledge()).as("(40 + 100) / 2").isCloseTo(70.0, within(1e-9));
		Scorecard dayBefore = cards(new Period(ReviewFixture.DAY_BEFORE, ReviewFixture.T)).get("WELD");
		assertThat(dayBefore.stops()).isEqualTo(1);
		assertThat(dayBefore.partsReceived()).isZero();
		assertThat(dayBefore.stopCost()).isCloseTo(850.0, within(1e-9));
	}

	@Test
	void escapesByStationSeparateOwnDefectsPassedOnFromDefectsMissed() {
		Map<String, StationEscapes> byStation = new java.util.HashMap<>();
		escapes.byStation("FA1", STATIONS, Period.ALL).forEach(e -> byStation.put(e.stationId(), e));
		assertThat(byStation.get("FRAME")).extracting(StationEscapes::ownPassedOn, StationEscapes::missed,
				StationEscapes::total, StationEscapes::caught).containsExactly(2L, 0L, 2L, 0L);
		assertThat(byStation.get("WELD")).extracting(StationEscapes::ownPassedOn, StationEscapes::missed,
				StationEscapes::caught).containsExactly(1L, 1L, 1L);
		assertThat(byStation.get("PAINT")).extracting(StationEscapes::missed, StationEscapes::caught)
			.containsExactly(1L, 1L);
		assertThat(byStation.get("ASSY")).extracting(StationEscapes::total, StationEscapes::caught)
			.containsExactly(0L, 1L);
		List<EscapedDefect> latest = escapes.latest("FA1", STATIONS, Period.ALL);
		assertThat(latest).extracting(EscapedDefect::defectId).containsExactly(17L, 15L, 12L);
		assertThat(latest.get(0).passedOnBy()).as("in line order").containsExactly("FRAME", "WELD", "PAINT");
	}

	@Test
	void paretoPutsTheMostFrequentCodeFirstWithRunningShares() {
		List<ParetoBar> bars = pareto.of("FA1", Map.of("SCRATCH", "Scratch or dent"), Period.ALL);
		assertThat(bars).extracting(ParetoBar::code).containsExactly("SCRATCH", "WELD-POROSITY");
		assertThat(bars.get(0).count()).isEqualTo(2);
		assertThat(bars.get(0).description()).isEqualTo("Scratch or dent");
		assertThat(bars.get(0).cumulativeShare()).isCloseTo(2 / 3.0, within(1e-9));
		assertThat(bars.get(1).cumulativeShare()).isCloseTo(1.0, within(1e-9));
		assertThat(pareto.of("FA1", Map.of(), new Period(ReviewFixture.T.plusSeconds(200), null)))
			.extracting(ParetoBar::code).containsExactly("SCRATCH");
	}

	@Test
	void csvHasTheSameFiltersAndOrderAsTheHandOffLog() {
		assertThat(csvIds(new HandOffCsv.Filter("FA1", "WELD", null, null, null, Period.ALL)))
			.as("either end, newest first").containsExactly("18", "16", "14", "13", "11", "10");
		assertThat(csvIds(new HandOffCsv.Filter("FA1", null, null, "REJECTED", null, Period.ALL)))
			.containsExactly("14", "11");
		assertThat(csvIds(new HandOffCsv.Filter(null, null, "P1", null, "WELD-POROSITY", Period.ALL)))
			.containsExactly("14");
		assertThat(csvIds(new HandOffCsv.Filter("FA1", null, null, null, null,
				new Period(ReviewFixture.T.plusSeconds(70), ReviewFixture.T.plusSeconds(120)))))
			.as("from inclusive, to exclusive").containsExactly("13", "11");
	}

	@Test
	void csvRowsCarryEveryColumn() {
		StringWriter out = new StringWriter();
		csv.write(new HandOffCsv.Filter("FA1", null, null, "REJECTED", null, Period.ALL), out);
		String[] lines = out.toString().split("\r\n");
		assertThat(lines[0]).isEqualTo(HandOffCsv.HEADER);
		assertThat(lines[1]).isEqualTo("14,FA1,P1,WELD,PAINT,REJECTED,2025-06-02T08:02:00Z,WELD,2025-06-02T08:02:03Z,"
				+ "PAINT,WELD-POROSITY,,");
	}

	private List<String> csvIds(HandOffCsv.Filter filter) {
		StringWriter out = new StringWriter();
		csv.write(filter, out);
		return java.util.Arrays.stream(out.toString().split("\r\n")).skip(1).map(l -> l.split(",")[0]).toList();
	}
}
