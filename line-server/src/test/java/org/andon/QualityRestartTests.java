package org.andon;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two keys for a quality stop on the demo plant: the shift lead's and quality's, each logged; a lead alone is told
 * which key is missing; other stops resume on the lead's key alone.
 */
class QualityRestartTests extends LineServerTestSupport {

	@Test
	void aQualityStopDoesNotResumeOnTheLeadsKeyAloneButOnTheLeadsAndQualitys() throws Exception {
		StationSession weld = station("WELD");
		StationSession paint = station("PAINT");
		StationSession lead = person("lead");
		StationSession quality = person("quality");
		long stop = weld.command("type", "STOP", "stationId", "WELD", "reason", "QUALITY", "defectCode",
				"WELD-POROSITY").path("seq").asLong();
		paint.awaitPush("HALT", p -> p.path("data").path("stopId").asLong() == stop);

		JsonNode alone = lead.command("type", "RESUME", "stopId", stop);
		assertRejected(alone, "SIGN_OFF_MISSING");
		assertThat(alone.path("message").asString()).contains("quality's key");
		assertThat(jdbc.queryForObject("select ended_at is null from line_stop where id = ?", Boolean.class, stop))
			.isTrue();

		assertRejected(weld.command("type", "SIGN_OFF", "stopId", stop), "FORBIDDEN");
		assertRejected(quality.command("type", "RESUME", "stopId", stop), "FORBIDDEN");
		JsonNode qualityKey = quality.command("type", "SIGN_OFF", "stopId", stop, "note", "porosity cause found: gas");
		assertAccepted(qualityKey);
		assertRejected(quality.command("type", "SIGN_OFF", "stopId", stop), "ALREADY_SIGNED");

		JsonNode resumed = lead.command("type", "RESUME", "stopId", stop);
		assertAccepted(resumed);
		paint.awaitPush("RESUME", p -> p.path("data").path("stopId").asLong() == stop);
		assertThat(jdbc.queryForList("select sign_key || ':' || signed_by from stop_sign_off where stop_id = ? "
				+ "order by seq", String.class, stop)).containsExactly("QUALITY:quality", "LEAD:lead");
		assertThat(jdbc.queryForObject("select type from event_log where seq = ?", String.class,
				qualityKey.path("seq").asLong())).isEqualTo("STOP_SIGNED_OFF");
		assertThat(jdbc.queryForObject("select payload from event_log where type = 'STOP_ENDED' and station_id = "
				+ "'WELD' order by seq desc fetch first 1 rows only", String.class))
			.contains("\"QUALITY\":\"quality\"", "\"LEAD\":\"lead\"");
	}

	@Test
	void otherStopsResumeOnTheLeadsKeyAloneAndTakeNoSignOff() throws Exception {
		long stop = station("PAINT").command("type", "STOP", "stationId", "PAINT", "reason", "MAINTENANCE")
			.path("seq").asLong();
		assertRejected(person("quality").command("type", "SIGN_OFF", "stopId", stop), "NOT_A_QUALITY_STOP");
		assertAccepted(person("lead").command("type", "RESUME", "stopId", stop));
	}

	@Test
	void theLeadMayGiveTheirKeyFirstAndTheTwoKeysAreTwoPeople() throws Exception {
		long stop = station("TEST").command("type", "STOP", "stationId", "TEST", "reason", "QUALITY").path("seq")
			.asLong();
		StationSession lead = person("lead");
		assertAccepted(lead.command("type", "SIGN_OFF", "stopId", stop));
		JsonNode still = person("supervisor").command("type", "RESUME", "stopId", stop);
		assertRejected(still, "SIGN_OFF_MISSING");
		assertThat(still.path("message").asString()).contains("lead's key was given by lead");
		assertAccepted(person("quality").command("type", "SIGN_OFF", "stopId", stop));
		assertAccepted(person("supervisor").command("type", "RESUME", "stopId", stop));
		assertThat(jdbc.queryForList("select sign_key || ':' || signed_by from stop_sign_off where stop_id = ? "
				+ "order by seq", String.class, stop)).containsExactly("LEAD:lead", "QUALITY:quality");
	}

	@Test
	void resolvingAQualityStopsIncidentNeedsBothKeysToo() throws Exception {
		long stop = station("PACK").command("type", "STOP", "stationId", "PACK", "reason", "QUALITY").path("seq")
			.asLong();
		long incident = jdbc.queryForObject("select id from incident where stop_id = ?", Long.class, stop);
		StationSession lead = person("lead");
		assertRejected(lead.command("type", "RESOLVE", "incidentId", incident, "cause", "c", "countermeasure", "m"),
				"SIGN_OFF_MISSING");
		assertThat(jdbc.queryForObject("select status from incident where id = ?", String.class, incident))
			.isNotEqualTo("RESOLVED");
		assertAccepted(person("quality").command("type", "SIGN_OFF", "stopId", stop));
		assertAccepted(lead.command("type", "RESOLVE", "incidentId", incident, "cause", "c", "countermeasure", "m"));
		assertThat(jdbc.queryForObject("select ended_at is not null from line_stop where id = ?", Boolean.class, stop))
			.isTrue();
	}
}
