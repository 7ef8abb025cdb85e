package org.andon;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** An alarm flood: past three alarms in ten minutes, the shift lead gets one FLOOD page instead of one per alarm. */
class AlarmFloodTests extends LineServerTestSupport {

	@DynamicPropertySource
	static void smallFlood(DynamicPropertyRegistry registry) {
		registry.add("andon.alarms.flood-alarms", () -> "3");
	}

	@Test
	void pastTheThresholdTheLeadsPagesAreBundledIntoOneButAStopStillPagesOnItsOwn() throws Exception {
		String[] stations = { "FRAME", "WELD", "PAINT", "ASSY", "TEST" };
		for (String s : stations) {
			assertAccepted(station(s).command("type", "CALL", "stationId", s, "callType", "help"));
		}
		assertThat(jdbc.queryForObject("select count(distinct incident_id) from page where recipient = 'lead' and "
				+ "status <> 'BUNDLED' and event = 'TRIGGER'", Long.class)).as("the first three page on their own")
			.isEqualTo(3);
		assertThat(jdbc.queryForObject("select count(distinct incident_id) from page where recipient = 'lead' and "
				+ "status = 'BUNDLED'", Long.class)).as("the rest are bundled").isEqualTo(2);
		assertThat(jdbc.queryForObject("select count(*) from page where recipient = 'lead' and event = 'FLOOD'",
				Long.class)).as("one FLOOD page says so").isEqualTo(1);
		assertThat(jdbc.queryForObject("select subject from page where recipient = 'lead' and event = 'FLOOD'",
				String.class)).contains("alarm flood");
		assertThat(Http.get(port, "lead", "/api/alarms?line=FA1").path("floods").toString()).contains("\"lead\"");

		long stop = station("PACK").command("type", "STOP", "stationId", "PACK", "reason", "SAFETY").path("seq")
			.asLong();
		long incident = jdbc.queryForObject("select id from incident where stop_id = ?", Long.class, stop);
		assertThat(jdbc.queryForObject("select count(*) from page where incident_id = ? and recipient = 'lead' and "
				+ "status <> 'BUNDLED'", Long.class, incident)).as("a stop is never bundled").isPositive();
	}
}
