package org.andon.log;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows one group commit writes, collected while its commands are handled against the line state in memory and
 * sent as plain JDBC batches just before the commit: one batch per statement, whatever the number of commands.
 * Rows that change several times in one batch (a part passed, accepted and passed again) are written once, in their
 * final state. Append-only rows (log entries, command records, escapes) keep their order.
 */
public final class RowWrites {

	/**
	 * How one table's rows are written: the row objects are the writer's in-memory state, so the statements read
	 * their final values when the batch is flushed.
	 */
	public record Table<R>(String insert, Function<R, Object[]> insertArgs, String update,
			Function<R, Object[]> updateArgs, String delete, Function<R, Object[]> keyArgs) {
	}

	private enum Op {
		INSERT, UPDATE, DELETE
	}

	private final JdbcTemplate jdbc;
	private final Map<String, List<Object[]>> appends = new LinkedHashMap<>();
	/** Row objects do not override equals, so each row (one primary key) is one map entry. */
	private final Map<Table<?>, Map<Object, Op>> rows = new LinkedHashMap<>();
	private int count;

	public RowWrites(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** An insert of an append-only row. */
	public void append(String sql, Object... args) {
		appends.computeIfAbsent(sql, s -> new ArrayList<>()).add(args);
		count++;
	}

	/** A row that is new in this batch. */
	public <R> void inserted(Table<R> table, R row) {
		ops(table).put(row, Op.INSERT);
		count++;
	}

	/** A row that changed: a row inserted in this batch stays an insert of its final state. */
	public <R> void updated(Table<R> table, R row) {
		ops(table).merge(row, Op.UPDATE, (was, now) -> was == Op.INSERT ? Op.INSERT : Op.UPDATE);
		count++;
	}

	/** A row that is gone: a row inserted in this batch is never written at all. */
	public <R> void deleted(Table<R> table, R row) {
		Map<Object, Op> ops = ops(table);
		if (ops.get(row) == Op.INSERT) {
			ops.remove(row);
		}
		else {
			ops.put(row, Op.DELETE);
		}
		count++;
	}

	/** How many writes were asked for (before rows changed twice are folded into one). */
	public int count() {
		return count;
	}

	/** Sends everything to the database in the caller's transaction: inserts, then updates, then deletes per table. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void flush() {
		appends.forEach(this::batch);
		for (Map.Entry<Table<?>, Map<Object, Op>> e : rows.entrySet()) {
			Table t = e.getKey();
			List<Object[]> inserts = new ArrayList<>();
			List<Object[]> updates = new ArrayList<>();
			List<Object[]> deletes = new ArrayList<>();
			e.getValue().forEach((row, op) -> {
				switch (op) {
					case INSERT -> inserts.add((Object[]) t.insertArgs().apply(row));
					case UPDATE -> updates.add((Object[]) t.updateArgs().apply(row));
					case DELETE -> deletes.add((Object[]) t.keyArgs().apply(row));
				}
			});
			batch(t.insert(), inserts);
			batch(t.update(), updates);
			batch(t.delete(), deletes);
		}
		appends.clear();
		rows.clear();
	}

	private void batch(String sql, List<Object[]> args) {
		if (args.isEmpty()) {
			return;
		}
		int[] done = args.size() == 1 ? new int[] { jdbc.update(sql, args.get(0)) } : jdbc.batchUpdate(sql, args);
		for (int n : done) {
			// an update that finds no row means the memory and the tables disagree: fail the batch, never guess
			if (n == 0) {
				throw new IllegalStateException("a write touched no row: " + sql);
			}
		}
	}

	private Map<Object, Op> ops(Table<?> table) {
		return rows.computeIfAbsent(table, t -> new LinkedHashMap<>());
	}

	/** An instant as every supported database takes it for a {@code timestamp with time zone} column. */
	public static OffsetDateTime time(Instant at) {
		return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
	}

	/** An instant read back from a {@code timestamp with time zone} column. */
	public static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
		OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
		return t == null ? null : t.toInstant();
	}
}
