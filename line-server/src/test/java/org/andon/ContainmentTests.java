package org.andon;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Containment over the real protocol on the demo plant: a WELD-POROSITY found at ASSY (its code names WELD as the
 * origin, with a window of three parts either side) puts the other WELD parts of that window on hold wherever they
 * are — at PAINT, in transit, at ASSY, finished — and only quality lifts a hold.
 */
@Import(MorningClock.class)
class ContainmentTests extends LineServerTestSupport {

	@DynamicPropertySource
	static void fastTicks(DynamicPropertyRegistry registry) {
		registry.add("andon.escalation.tick", () -> "50ms");
	}

	@org.springframework.beans.factory.annotation.Autowired
	MutableClock clock;

	@Test
	void aWeldDefectFoundAtAssemblyHoldsTheWeldPartsOfItsWindowWhereverTheyAreAndOnlyQualityLiftsAHold()
			throws Exception {
		Map<String, StationSession> s = stations("FRAME", "WELD", "PAINT", "ASSY", "TEST", "PACK");
		// WELD passes W-1 .. W-8 in that order; the window of W-4 is W-1..W-3 before and W-5..W-7 after
		for (int i = 1; i <= 8; i++) {
			weld(s, "W-" + i);
		}
		flow(s, "W-1", "PAINT", "ASSY", "TEST", "PACK");
		assertAccepted(s.get("PACK").command("type", "PASS", "stationId", "PACK", "partSerial", "W-1")); // finished
		flow(s, "W-2", "PAINT", "ASSY"); // at ASSY
		flow(s, "W-3", "PAINT");
		assertAccepted(s.get("PAINT").command("type", "PASS", "stationId", "PAINT", "partSerial", "W-3")); // to ASSY
		flow(s, "W-4", "PAINT");
		assertAccepted(s.get("PAINT").command("type", "PASS", "stationId", "PAINT", "partSerial", "W-4"));
		flow(s, "W-5", "PAINT"); // at PAINT; W-6, W-7, W-8 still in transit to PAINT

		JsonNode reject = s.get("ASSY").command("type", "REJECT", "stationId", "ASSY", "partSerial", "W-4",
				"defectCode", "WELD-POROSITY", "note", "pores along the seam");
		assertAccepted(reject);

		Map<String, String> held = new HashMap<>();
		jdbc.query("select h.part_serial, h.held_at, h.part_status from part_hold h where h.status = 'OPEN'",
				rs -> {
					held.put(rs.getString(1), rs.getString(3) + "@" + rs.getString(2));
				});
		assertThat(held).containsOnly(Map.entry("W-1", "COMPLETED@null"), Map.entry("W-2", "AT_STATION@ASSY"),
				Map.entry("W-3", "IN_TRANSIT@ASSY"), Map.entry("W-5", "AT_STATION@PAINT"),
				Map.entry("W-6", "IN_TRANSIT@PAINT"), Map.entry("W-7", "IN_TRANSIT@PAINT"));
		long containment = jdbc.queryForObject("select id from containment", Long.class);
		assertThat(jdbc.queryForObject("select seq from event_log where type = 'CONTAINMENT_OPENED'", Long.class))
			.as("the holds are in the same commit as the reject, right after it").isEqualTo(containment)
			.isGreaterThan(reject.path("seq").asLong());
		assertThat(jdbc.queryForObject("select origin_station || '/' || defect_code || '/' || part_serial "
				+ "from containment", String.class)).isEqualTo("WELD/WELD-POROSITY/W-4");

		// each station that has a held part (or is about to receive one) is told
		JsonNode atPaint = s.get("PAINT").awaitPush("PART_HELD", p -> "W-5".equals(p.path("partSerial").asString()));
		assertThat(atPaint.path("data").path("origin").asString()).isEqualTo("WELD");
		assertThat(atPaint.path("data").path("defectSerial").asString()).isEqualTo("W-4");
		s.get("PAINT").awaitPush("PART_HELD", p -> "W-7".equals(p.path("partSerial").asString()));
		s.get("ASSY").awaitPush("PART_HELD", p -> "W-2".equals(p.path("partSerial").asString()));
		s.get("ASSY").awaitPush("PART_HELD", p -> "W-3".equals(p.path("partSerial").asString()));

		// don't pass: every held part is refused, and the blocked attempt is logged naming the hold
		JsonNode blocked = s.get("ASSY").command("type", "PASS", "stationId", "ASSY", "partSerial", "W-2");
		assertRejected(blocked, "PART_ON_HOLD");
		assertThat(blocked.path("message").asString()).contains("W-4", "WELD", "hold");
		assertThat(jdbc.queryForObject("select blocked_because from hand_off where id = ?", String.class,
				blocked.path("seq").asLong())).isEqualTo("PART_ON_HOLD");
		assertRejected(s.get("PAINT").command("type", "PASS", "stationId", "PAINT", "partSerial", "W-5"),
				"PART_ON_HOLD");
		assertAccepted(s.get("PAINT").command("type", "ACCEPT", "stationId", "PAINT", "partSerial", "W-6"));
		assertRejected(s.get("PAINT").command("type", "PASS", "stationId", "PAINT", "partSerial", "W-6"),
				"PART_ON_HOLD");
		// W-8 is outside the window: it flows
		assertAccepted(s.get("PAINT").command("type", "ACCEPT", "stationId", "PAINT", "partSerial", "W-8"));
		assertAccepted(s.get("PAINT").command("type", "PASS", "stationId", "PAINT", "partSerial", "W-8"));

		long holdW2 = holdOf("W-2");
		long holdW5 = holdOf("W-5");
		// only quality lifts a hold: not the station, not the lead
		assertRejected(s.get("ASSY").command("type", "RELEASE_HOLD", "holdId", holdW2, "note", "looks fine"),
				"FORBIDDEN");
		assertRejected(person("lead").command("type", "RELEASE_HOLD", "holdId", holdW2, "note", "looks fine"),
				"FORBIDDEN");
		StationSession quality = person("quality");
		assertRejected(quality.command("type", "RELEASE_HOLD", "holdId", holdW2), "MISSING_FIELD");
		assertRejected(quality.command("type", "RELEASE_HOLD", "holdId", 999_999, "note", "x"), "UNKNOWN_HOLD");
		assertRejected(quality.command("type", "RELEASE_HOLD", "holdId", String.valueOf(holdW2), "note", "x"),
				"INVALID_FIELD");
		assertRejected(quality.command("type", "HOLD_OVERDUE", "holdId", containment), "FORBIDDEN");

		// release: good, back in flow
		JsonNode released = quality.command("type", "RELEASE_HOLD", "holdId", holdW2, "note",
				"x-ray of the seams: no pores");
		assertAccepted(released);
		s.get("ASSY").awaitPush("HOLD_RELEASED", p -> "W-2".equals(p.path("partSerial").asString()));
		assertAccepted(s.get("ASSY").command("type", "PASS", "stationId", "ASSY", "partSerial", "W-2"));
		assertRejected(quality.command("type", "RELEASE_HOLD", "holdId", holdW2, "note", "again"), "HOLD_CLOSED");
		assertThat(jdbc.queryForObject("select status || '/' || closed_by || '/' || note from part_hold where id = ?",
				String.class, holdW2)).isEqualTo("RELEASED/quality/x-ray of the seams: no pores");

		// confirm: a defect with its code, then the usual rework path at the station that has it
		assertRejected(quality.command("type", "CONFIRM_HOLD", "holdId", holdW5, "defectCode", "NO-SUCH-CODE"),
				"UNKNOWN_DEFECT_CODE");
		JsonNode confirmed = quality.command("type", "CONFIRM_HOLD", "holdId", holdW5, "defectCode", "WELD-POROSITY",
				"note", "pores on the left seam too");
		assertAccepted(confirmed);
		assertRejected(s.get("PAINT").command("type", "PASS", "stationId", "PAINT", "partSerial", "W-5"),
				"PART_HAS_OPEN_DEFECT");
		assertThat(jdbc.queryForObject("select origin_station || '/' || found_at || '/' || code from defect "
				+ "where id = ?", String.class, confirmed.path("seq").asLong())).isEqualTo("WELD/PAINT/WELD-POROSITY");
		assertAccepted(s.get("PAINT").command("type", "CLEAR_DEFECT", "stationId", "PAINT", "partSerial", "W-5",
				"resolution", "REWORKED"));
		assertAccepted(s.get("PAINT").command("type", "PASS", "stationId", "PAINT", "partSerial", "W-5"));

		// quality's list shows what is still held, and where each part is now
		JsonNode list = Http.get(port, "quality", "/api/quality/holds?line=FA1");
		Map<String, String> where = new HashMap<>();
		list.forEach(h -> where.put(h.path("partSerial").asString(), h.path("partStatus").asString() + "@"
				+ h.path("station").asString(null)));
		assertThat(where).containsOnly(Map.entry("W-1", "COMPLETED@null"), Map.entry("W-3", "IN_TRANSIT@ASSY"),
				Map.entry("W-6", "AT_STATION@PAINT"), Map.entry("W-7", "IN_TRANSIT@PAINT"));
		assertThat(list.get(0).path("origin").asString()).isEqualTo("WELD");

		// both decisions are in the hash-chained log with who and why
		assertThat(jdbc.queryForObject("select actor from event_log where type = 'HOLD_RELEASED'", String.class))
			.isEqualTo("quality");
		assertThat(jdbc.queryForObject("select count(*) from event_log where type = 'HOLD_CONFIRMED'", Long.class))
			.isEqualTo(1);
		assertThat(Http.get(port, "quality", "/api/log/verify").path("intact").asBoolean()).isTrue();
		assertThat(Http.text(port, "/actuator/prometheus")).contains("andon_holds_total{event=\"opened\",line=\"FA1\"} 6.0",
				"andon_holds_total{event=\"released\",line=\"FA1\"} 1.0",
				"andon_holds_total{event=\"confirmed\",line=\"FA1\"} 1.0", "andon_holds_open{line=\"FA1\"} 4.0");

		// a hold left open past the line's 30 minutes pages the quality lead, once, and the last decision ends it
		clock.advance(Duration.ofMinutes(31));
		await().untilAsserted(() -> assertThat(quality.pages).anySatisfy(p -> assertThat(
				p.path("incident").path("kind").asString()).isEqualTo("HOLD")));
		long incident = jdbc.queryForObject("select incident_id from containment where id = ?", Long.class,
				containment);
		assertThat(jdbc.queryForObject("select station_id || '/' || kind || '/' || status from incident where id = ?",
				String.class, incident)).isEqualTo("WELD/HOLD/OPEN");
		clock.advance(Duration.ofSeconds(1));
		await().during(Duration.ofMillis(300)).untilAsserted(() -> assertThat(jdbc.queryForObject(
				"select count(*) from incident where kind = 'HOLD'", Long.class)).isEqualTo(1));
		for (String serial : List.of("W-1", "W-3", "W-6", "W-7")) {
			assertAccepted(quality.command("type", "RELEASE_HOLD", "holdId", holdOf(serial), "note", "inspected: good"));
		}
		assertThat(jdbc.queryForObject("select status from incident where id = ?", String.class, incident))
			.isEqualTo("RESOLVED");
	}

	@Test
	void aDefectAStationReportsInItsOwnWorkHoldsThePartsItPassedJustBeforeAndHoldsCanBeListedOverRest()
			throws Exception {
		Map<String, StationSession> s = stations("SEAT-CUT", "SEAT-SEW");
		for (int i = 1; i <= 7; i++) {
			assertAccepted(s.get("SEAT-CUT").command("type", "RECEIVE", "stationId", "SEAT-CUT", "partSerial", "S-" + i));
			assertAccepted(s.get("SEAT-CUT").command("type", "PASS", "stationId", "SEAT-CUT", "partSerial", "S-" + i));
		}
		assertAccepted(s.get("SEAT-CUT").command("type", "RECEIVE", "stationId", "SEAT-CUT", "partSerial", "S-8"));
		// "don't make": SEAT-CUT finds a defect in its own work; the five it passed last are suspect (line window)
		assertAccepted(s.get("SEAT-CUT").command("type", "REPORT_DEFECT", "stationId", "SEAT-CUT", "partSerial", "S-8",
				"defectCode", "SCRATCH"));
		assertThat(jdbc.queryForList("select part_serial from part_hold where part_serial like 'S-%' "
				+ "order by part_serial", String.class))
			.containsExactly("S-3", "S-4", "S-5", "S-6", "S-7");
		long hold = holdOf("S-3");
		JsonNode result = Http.post(port, "quality", "/api/holds/" + hold + "/release",
				"{\"note\":\"checked the cut edge\"}", UUID.randomUUID(), 200);
		assertThat(result.path("status").asString()).isEqualTo("ACCEPTED");
		Http.post(port, "lead", "/api/holds/" + holdOf("S-4") + "/release", "{\"note\":\"x\"}", null, 403);
		JsonNode page = Http.get(port, "quality", "/api/quality/stations/SEAT-CUT");
		assertThat(page.path("customers").get(0).asString()).isEqualTo("SEAT-SEW");
		assertThat(page.path("onHold")).hasSize(4);
		assertThat(page.path("onHold").get(0).path("partSerial").asString()).isEqualTo("S-4");
	}

	private long holdOf(String serial) {
		return jdbc.queryForObject("select id from part_hold where part_serial = ? and status = 'OPEN'", Long.class,
				serial);
	}

	private Map<String, StationSession> stations(String... ids) throws Exception {
		Map<String, StationSession> s = new HashMap<>();
		for (String id : ids) {
			s.put(id, station(id));
		}
		return s;
	}

	/** Receives a part at FRAME and passes it through WELD to PAINT (WELD's pass order is the call order). */
	private void weld(Map<String, StationSession> s, String serial) throws Exception {
		assertAccepted(s.get("FRAME").command("type", "RECEIVE", "stationId", "FRAME", "partSerial", serial));
		assertAccepted(s.get("FRAME").command("type", "PASS", "stationId", "FRAME", "partSerial", serial));
		assertAccepted(s.get("WELD").command("type", "ACCEPT", "stationId", "WELD", "partSerial", serial));
		assertAccepted(s.get("WELD").command("type", "PASS", "stationId", "WELD", "partSerial", serial));
	}

	/** Accepts the part at each station in turn, passing it on between them. */
	private void flow(Map<String, StationSession> s, String serial, String... through) throws Exception {
		for (int i = 0; i < through.length; i++) {
			if (i > 0) {
				assertAccepted(s.get(through[i - 1]).command("type", "PASS", "stationId", through[i - 1], "partSerial",
						serial));
			}
			assertAccepted(s.get(through[i]).command("type", "ACCEPT", "stationId", through[i], "partSerial", serial));
		}
	}
}
