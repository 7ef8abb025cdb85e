package org.andon.handoff;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.andon.protocol.Resolution;

/** A defect on a part, open until the station holding the part reworks or scraps it. */
@Entity
@Table(name = "defect")
class Defect extends org.andon.log.AssignedIdEntity<Long> {

	@Id
	private long id;

	@Column(name = "line_id", nullable = false)
	private String lineId;

	@Column(name = "part_serial", nullable = false)
	private String partSerial;

	@Column(nullable = false)
	private String code;

	@Column(name = "found_at", nullable = false)
	private String foundAt;

	@Column(name = "origin_station")
	private String originStation;

	@Column(name = "hand_off_id")
	private Long handOffId;

	@Column(nullable = false)
	private String status;

	@Column(name = "opened_at", nullable = false)
	private Instant openedAt;

	@Column(name = "closed_at")
	private Instant closedAt;

	@Column(name = "closed_by")
	private String closedBy;

	private String note;

	@Override
	public Long getId() {
		return id;
	}

	protected Defect() {
	}

	Defect(long id, String lineId, String partSerial, String code, String foundAt, String originStation,
			Long handOffId, Instant openedAt, String note) {
		this.id = id;
		this.lineId = lineId;
		this.partSerial = partSerial;
		this.code = code;
		this.foundAt = foundAt;
		this.originStation = originStation;
		this.handOffId = handOffId;
		this.openedAt = openedAt;
		this.note = note;
		this.status = "OPEN";
	}

	/** The row's columns in the order of {@link PartFlow}'s insert. */
	Object[] row() {
		return new Object[] { id, lineId, partSerial, code, foundAt, originStation, handOffId, status,
				org.andon.log.RowWrites.time(openedAt), org.andon.log.RowWrites.time(closedAt), closedBy, note };
	}

	/** The columns closing changes, then the id, in the order of {@link PartFlow}'s update. */
	Object[] closing() {
		return new Object[] { status, org.andon.log.RowWrites.time(closedAt), closedBy, id };
	}

	void close(Resolution resolution, Instant at, String by) {
		this.status = resolution.name();
		this.closedAt = at;
		this.closedBy = by;
	}

	long id() {
		return id;
	}

	String code() {
		return code;
	}

	String partSerial() {
		return partSerial;
	}

	StationParts.OpenDefect view() {
		return new StationParts.OpenDefect(id, code, foundAt, originStation, note, openedAt);
	}
}
