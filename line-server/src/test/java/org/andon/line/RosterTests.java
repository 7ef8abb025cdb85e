package org.andon.line;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The roster says who holds a role now, in the plant's zone, including the night shift over midnight. */
class RosterTests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	final Roster roster = new Roster(List.of(
			new Shift("early", LocalTime.of(6, 0), LocalTime.of(14, 0), Map.of(Role.LEAD, "anna"), Map.of()),
			new Shift("late", LocalTime.of(14, 0), LocalTime.of(22, 0), Map.of(Role.LEAD, "ben"), Map.of()),
			new Shift("night", LocalTime.of(22, 0), LocalTime.of(6, 0), Map.of(Role.LEAD, "chen"), Map.of())));

	@Test
	void theNightShiftCoversBothSidesOfMidnightAndHandsOverAtSix() {
		assertThat(lead("2026-11-27T21:59:59Z")).isEqualTo("chen"); // 22:59:59 in Berlin (UTC+1 in winter)
		assertThat(lead("2026-11-27T22:59:59Z")).isEqualTo("chen"); // 23:59:59
		assertThat(lead("2026-11-27T23:00:00Z")).isEqualTo("chen"); // 00:00 the next day
		assertThat(lead("2026-11-28T04:59:59Z")).isEqualTo("chen"); // 05:59:59
		assertThat(lead("2026-11-28T05:00:00Z")).isEqualTo("anna"); // 06:00 sharp: the early shift
		assertThat(lead("2026-11-28T12:59:59Z")).isEqualTo("anna");
		assertThat(lead("2026-11-28T13:00:00Z")).isEqualTo("ben");
	}

	@Test
	void summerTimeMovesTheHandOverInUtcButNotOnTheShopFloor() {
		assertThat(lead("2026-07-01T04:00:00Z")).isEqualTo("anna"); // 06:00 in Berlin in summer (UTC+2)
		assertThat(lead("2026-07-01T03:59:59Z")).isEqualTo("chen");
	}

	@Test
	void aRoleNoShiftNamesHasNoHolder() {
		assertThat(roster.holder(Role.SUPERVISOR, Instant.parse("2026-11-27T10:00:00Z"), BERLIN)).isEmpty();
		assertThat(new Roster(List.of()).holder(Role.LEAD, Instant.parse("2026-11-27T10:00:00Z"), BERLIN)).isEmpty();
	}

	private String lead(String utc) {
		return roster.holder(Role.LEAD, Instant.parse(utc), BERLIN).orElseThrow();
	}
}
