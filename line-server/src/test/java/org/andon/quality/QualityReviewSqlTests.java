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
@Import({ Scorecards.class, CallScores.class, Escapes.class, DefectPareto.class, HandOffCsv.class,
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
	CallScores calls;

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
	void callsAtAStationAreCountedByTypeAndByWhatBecameOfThem() {
		StationCalls paint = cards(new Period(ReviewFixture.T, null)).get("PAINT").calls();
		assertThat(paint.calls()).as("30, 31, 33, 35, 36 and 39").isEqualTo(6);
		assertThat(paint.byType()).containsExactly(Map.entry("HELP", 1L), Map.entry("MAINTENANCE", 3L),
				Map.entry("MATERIAL", 1L), Map.entry("QUALITY", 1L));
		assertThat(paint.contained()).as("30 and 35").isEqualTo(2);
		assertThat(paint.stopped()).as("31 and 33").isEqualTo(2);
		assertThat(paint.automaticStops()).as("31: its window ran out").isEqualTo(1);
		assertThat(paint.stoppedByHand()).as("33: the lead stopped the line").isEqualTo(1);
		assertThat(paint.open()).as("36; 33 holds a stop, so it is not open").isEqualTo(1);
		assertThat(paint.closedOtherwise()).as("39, resolved by the lead").isEqualTo(1);
		assertThat(paint.pullToStopRatio()).isCloseTo(2 / 6.0, within(1e-9));

		StationCalls assy = cards(new Period(ReviewFixture.T, null)).get("ASSY").calls();
		assertThat(assy).extracting(StationCalls::calls, StationCalls::stopped, StationCalls::automaticStops,
				StationCalls::stoppedByHand).containsExactly(1L, 1L, 1L, 0L);
		assertThat(assy.pullToStopRatio()).as("a safety call stops at once").isEqualTo(1.0);

		StationCalls weld = cards(Period.ALL).get("WELD").calls();
		assertThat(weld.calls()).isZero();
		assertThat(weld.pullToStopRatio()).as("nothing to divide by").isNull();
		assertThat(weld.teams()).isEmpty();
	}

	@Test
	void eachTeamServingAStationHasItsResponseTimes() {
		List<TeamResponse> teams = cards(new Period(ReviewFixture.T, null)).get("PAINT").calls().teams();
		assertThat(teams).extracting(TeamResponse::team).as("by name, no team last")
			.containsExactly("maintenance", "material", null);
		TeamResponse maintenance = teams.get(0);
		assertThat(maintenance).extracting(TeamResponse::calls, TeamResponse::acknowledged, TeamResponse::contained)
			.containsExactly(3L, 2L, 1L);
		assertThat(maintenance.medianSecondsToAcknowledge()).as("(30 + 90) / 2").isEqualTo(60.0);
		assertThat(maintenance.p90SecondsToAcknowledge()).as("nearest rank: the 2nd of 2").isEqualTo(90.0);
		assertThat(maintenance.maxSecondsToAcknowledge()).isEqualTo(90.0);
		assertThat(maintenance).extracting(TeamResponse::medianSecondsToContain, TeamResponse::p90SecondsToContain,
				TeamResponse::maxSecondsToContain).containsExactly(50.0, 50.0, 50.0);
		TeamResponse material = teams.get(1);
		assertThat(material).extracting(TeamResponse::calls, TeamResponse::acknowledged, TeamResponse::contained)
			.containsExactly(1L, 0L, 0L);
		assertThat(material.medianSecondsToAcknowledge()).as("nobody acknowledged it").isNull();
		assertThat(material.maxSecondsToContain()).isNull();
		TeamResponse none = teams.get(2);
		assertThat(none).extracting(TeamResponse::calls, TeamResponse::acknowledged,
				TeamResponse::medianSecondsToAcknowledge, TeamResponse::medianSecondsToContain)
			.containsExactly(2L, 1L, 10.0, 100.0);

		TeamResponse allTime = cards(Period.ALL).get("PAINT").calls().teams().get(0);
		assertThat(allTime).extracting(TeamResponse::calls, TeamResponse::medianSecondsToAcknowledge,
				TeamResponse::p90SecondsToAcknowledge, TeamResponse::maxSecondsToAcknowledge)
			.as("30, 90 and the day before's 200 s").containsExactly(4L, 90.0, 200.0, 200.0);
	}

	@Test
	void theLineTeamFiguresTakeTheCallsOfEveryStation() {
		List<TeamResponse> line = CallScores.byTeam(calls.of("FA1", new Period(ReviewFixture.T, null)));
		assertThat(line).extracting(TeamResponse::team).containsExactly("maintenance", "material", null);
		assertThat(line.get(2)).as("PAINT's quality and help calls and ASSY's safety call")
			.extracting(TeamResponse::calls, TeamResponse::acknowledged, TeamResponse::medianSecondsToAcknowledge,
					TeamResponse::p90SecondsToAcknowledge, TeamResponse::contained)
			.containsExactly(3L, 2L, 15.0, 20.0, 1L);
	}

	@Test
	void medianAndPercentileFollowTheirDefinitions() {
		double[] ten = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		assertThat(CallScores.median(ten)).isEqualTo(5.5);
		assertThat(CallScores.percentile(ten, 0.9)).isEqualTo(9.0);
		assertThat(CallScores.median(new double[] { 4, 7, 100 })).isEqualTo(7.0);
		assertThat(CallScores.percentile(new double[] { 4 }, 0.9)).isEqualTo(4.0);
		assertThat(CallScores.median(new double[0])).isNull();
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
