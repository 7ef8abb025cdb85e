package org.andon.line;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Who holds which role on a line right now, from its shifts in the plant's time zone. */
public record Roster(List<Shift> shifts) {

	public Optional<Shift> shiftAt(Instant when, ZoneId zone) {
		var local = when.atZone(zone).toLocalTime();
		return shifts.stream().filter(s -> s.covers(local)).findFirst();
	}

	/** The person on duty for a team (maintenance, material, ...) on the shift at {@code when}, if named. */
	public Optional<String> teamHolder(String team, Instant when, ZoneId zone) {
		return shiftAt(when, zone).map(s -> s.teams().get(team));
	}

	/** The person holding {@code role} on the shift at {@code when}, if the roster names one. */
	public Optional<String> holder(Role role, Instant when, ZoneId zone) {
		return shiftAt(when, zone).map(s -> s.people().get(role));
	}
}
