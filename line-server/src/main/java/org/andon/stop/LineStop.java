package org.andon.stop;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.andon.protocol.StopReason;

/** One pull of the andon at a station. Its id is the sequence number of its STOP_STARTED log entry. */
@Entity
@Table(name = "line_stop")
class LineStop extends org.andon.log.AssignedIdEntity<Long> {

	@Id
	private long id;

	@Column(name = "line_id", nullable = false)
	private String lineId;

	@Column(name = "station_id", nullable = false)
	private String stationId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private StopReason reason;

	@Column(name = "defect_code")
	private String defectCode;

	private String note;

	@Column(name = "started_at", nullable = false)
	private Instant startedAt;

	@Column(name = "started_by", nullable = false)
	private String startedBy;

	@Column(name = "ended_at")
	private Instant endedAt;

	@Column(name = "ended_by")
	private String endedBy;

	@Column(name = "ended_seq")
	private Long endedSeq;

	@Override
	public Long getId() {
		return id;
	}

	protected LineStop() {
	}

	LineStop(long id, String lineId, String stationId, StopReason reason, String defectCode, String note,
			Instant startedAt, String startedBy) {
		this.id = id;
		this.lineId = lineId;
		this.stationId = stationId;
		this.reason = reason;
		this.defectCode = defectCode;
		this.note = note;
		this.startedAt = startedAt;
		this.startedBy = startedBy;
	}

	/** The row's columns in the order of {@link Stops}' insert. */
	Object[] row() {
		return new Object[] { id, lineId, stationId, reason.name(), defectCode, note,
				org.andon.log.RowWrites.time(startedAt), startedBy, org.andon.log.RowWrites.time(endedAt), endedBy,
				endedSeq };
	}

	/** The columns ending changes, then the id, in the order of {@link Stops}' update. */
	Object[] ending() {
		return new Object[] { org.andon.log.RowWrites.time(endedAt), endedBy, endedSeq, id };
	}

	/** Refuses to end a stop twice, naming when and by whom it was ended. */
	void checkActive() {
		if (endedAt != null) {
			throw Refusal.refuse(ErrorCode.STOP_ALREADY_ENDED, "stop " + id + " was already ended by " + endedBy
					+ " at " + endedAt);
		}
	}

	void end(Instant at, String by, long seq) {
		checkActive();
		this.endedAt = at;
		this.endedBy = by;
		this.endedSeq = seq;
	}

	boolean active() {
		return endedAt == null;
	}

	StopView view(Instant now) {
		return new StopView(id, lineId, stationId, reason, defectCode, note, startedAt, startedBy, endedAt, endedBy,
				java.time.Duration.between(startedAt, endedAt == null ? now : endedAt).toSeconds());
	}

	long id() {
		return id;
	}

	String lineId() {
		return lineId;
	}

	String stationId() {
		return stationId;
	}

	StopReason reason() {
		return reason;
	}
}
