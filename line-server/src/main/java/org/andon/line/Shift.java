package org.andon.line;

import java.time.LocalTime;
import java.util.Map;

/**
 * One shift of a line's roster, in the plant's local time. A shift whose end is before its start runs over midnight
 * (22:00 to 06:00). {@code people} names who holds each role on this shift.
 */
public record Shift(String name, LocalTime from, LocalTime to, Map<Role, String> people, Map<String, String> teams) {

	public boolean covers(LocalTime t) {
		if (from.equals(to)) {
			return true;
		}
		return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
	}
}
