package org.andon.handoff;

import java.time.Instant;

import org.andon.log.RowWrites;

/**
 * A containment in progress: a defect traced to the station that made it, and the suspect parts it put on hold.
 * {@code openHolds} counts the holds not yet released or confirmed; the containment is over when it reaches zero.
 */
final class Suspicion {

	static final RowWrites.Table<Suspicion> ROWS = new RowWrites.Table<>(
			"insert into containment (id, line_id, defect_id, part_serial, origin_station, defect_code, found_at, "
					+ "suspect_window, opened_at, incident_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			c -> new Object[] { c.id, c.lineId, c.defectId, c.serial, c.origin, c.defectCode, c.foundAt, c.window,
					RowWrites.time(c.openedAt), c.incidentId },
			"update containment set incident_id = ? where id = ?", c -> new Object[] { c.incidentId, c.id }, null,
			null);

	private final long id;
	private final String lineId;
	private final long defectId;
	private final String serial;
	private final String origin;
	private final String defectCode;
	private final String foundAt;
	private final String window;
	private final Instant openedAt;
	private Long incidentId;
	private int openHolds;

	Suspicion(long id, String lineId, long defectId, String serial, String origin, String defectCode, String foundAt,
			String window, Instant openedAt, Long incidentId) {
		this.id = id;
		this.lineId = lineId;
		this.defectId = defectId;
		this.serial = serial;
		this.origin = origin;
		this.defectCode = defectCode;
		this.foundAt = foundAt;
		this.window = window;
		this.openedAt = openedAt;
		this.incidentId = incidentId;
	}

	long id() {
		return id;
	}

	String lineId() {
		return lineId;
	}

	String serial() {
		return serial;
	}

	String origin() {
		return origin;
	}

	String defectCode() {
		return defectCode;
	}

	String foundAt() {
		return foundAt;
	}

	Long incidentId() {
		return incidentId;
	}

	int openHolds() {
		return openHolds;
	}

	void held() {
		openHolds++;
	}

	void closed() {
		openHolds--;
	}

	void paged(long incident) {
		incidentId = incident;
	}
}
