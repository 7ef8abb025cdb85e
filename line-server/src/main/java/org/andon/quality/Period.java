package org.andon.quality;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A half-open time range {@code [from, to)} for a review; either end may be open (null). */
record Period(Instant from, Instant to) {

	static final Period ALL = new Period(null, null);

	Period {
		if (from != null && to != null && !from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to");
		}
	}

	/** The SQL condition on a timestamp column, starting with {@code and}; empty when the period is open. */
	String on(String column) {
		return (from == null ? "" : " and " + column + " >= ?") + (to == null ? "" : " and " + column + " < ?");
	}

	/** The bind values of {@link #on(String)}, as UTC offset date-times (what both H2 and PostgreSQL take). */
	List<Object> args() {
		List<Object> args = new ArrayList<>(2);
		if (from != null) {
			args.add(utc(from));
		}
		if (to != null) {
			args.add(utc(to));
		}
		return args;
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}
}
