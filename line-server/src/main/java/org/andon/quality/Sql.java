package org.andon.quality;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Small pieces the read models share: reading UTC timestamps and collecting bind values. */
final class Sql {

	private Sql() {
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
		return t == null ? null : t.toInstant();
	}

	/** The bind values in order: single values, and the lists of {@link Period#args()} flattened in. */
	static Object[] args(Object... parts) {
		List<Object> args = new ArrayList<>();
		for (Object p : parts) {
			if (p instanceof List<?> list) {
				args.addAll(list);
			}
			else {
				args.add(p);
			}
		}
		return args.toArray();
	}
}
