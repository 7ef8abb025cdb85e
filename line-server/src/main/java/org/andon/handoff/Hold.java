package org.andon.handoff;

import java.time.Instant;

import org.andon.log.RowWrites;

/**
 * One suspect part on hold: it cannot be passed on until quality releases it (found good) or confirms it (a defect,
 * then the usual rework or scrap). {@code heldAt} is where the part was when it was held: the station holding it,
 * the station it was in transit to, or null for a part that had already left the line.
 */
final class Hold {

	enum Status {
		OPEN, RELEASED, CONFIRMED
	}

	static final RowWrites.Table<Hold> ROWS = new RowWrites.Table<>(
			"insert into part_hold (id, containment_id, line_id, part_serial, held_at, part_status, placed_at, status, "
					+ "closed_at, closed_by, closed_seq, note, defect_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			h -> new Object[] { h.id, h.containmentId, h.lineId, h.serial, h.heldAt, h.partStatus,
					RowWrites.time(h.placedAt), h.status.name(), h.closedAt == null ? null : RowWrites.time(h.closedAt),
					h.closedBy, h.closedSeq, h.note, h.defectId },
			"update part_hold set status = ?, closed_at = ?, closed_by = ?, closed_seq = ?, note = ?, defect_id = ? "
					+ "where id = ?",
			h -> new Object[] { h.status.name(), RowWrites.time(h.closedAt), h.closedBy, h.closedSeq, h.note,
					h.defectId, h.id },
			null, null);

	private final long id;
	private final long containmentId;
	private final String lineId;
	private final String serial;
	private final String heldAt;
	private final String partStatus;
	private final Instant placedAt;
	private Status status = Status.OPEN;
	private Instant closedAt;
	private String closedBy;
	private Long closedSeq;
	private String note;
	private Long defectId;

	Hold(long id, long containmentId, String lineId, String serial, String heldAt, String partStatus,
			Instant placedAt) {
		this.id = id;
		this.containmentId = containmentId;
		this.lineId = lineId;
		this.serial = serial;
		this.heldAt = heldAt;
		this.partStatus = partStatus;
		this.placedAt = placedAt;
	}

	long id() {
		return id;
	}

	long containmentId() {
		return containmentId;
	}

	String lineId() {
		return lineId;
	}

	String serial() {
		return serial;
	}

	Instant placedAt() {
		return placedAt;
	}

	boolean isOpen() {
		return status == Status.OPEN;
	}

	Status status() {
		return status;
	}

	String closedBy() {
		return closedBy;
	}

	Instant closedAt() {
		return closedAt;
	}

	/** Quality found the part good: back in flow. */
	void release(Instant at, String by, long seq, String why) {
		close(Status.RELEASED, at, by, seq, why, null);
	}

	/** Quality found the defect on it: the defect opened for it takes over. */
	void confirm(Instant at, String by, long seq, String why, long defect) {
		close(Status.CONFIRMED, at, by, seq, why, defect);
	}

	private void close(Status to, Instant at, String by, long seq, String why, Long defect) {
		status = to;
		closedAt = at;
		closedBy = by;
		closedSeq = seq;
		note = why;
		defectId = defect;
	}
}
