package org.andon.handoff;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One hand-off of a part from a supplier station to its customer (PENDING until the customer accepts or rejects
 * it), or one blocked attempt to pass. Its id is the sequence number of the log entry that created it.
 */
@Entity
@Table(name = "hand_off")
class HandOff extends org.andon.log.AssignedIdEntity<Long> {

	enum Decision {
		PENDING, ACCEPTED, REJECTED, BLOCKED
	}

	@Id
	private long id;

	@Column(name = "line_id", nullable = false)
	private String lineId;

	@Column(name = "part_serial", nullable = false)
	private String partSerial;

	@Column(name = "from_station", nullable = false)
	private String fromStation;

	@Column(name = "to_station")
	private String toStation;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Decision decision;

	@Column(name = "passed_at", nullable = false)
	private Instant passedAt;

	@Column(name = "passed_by", nullable = false)
	private String passedBy;

	@Column(name = "decided_at")
	private Instant decidedAt;

	@Column(name = "decided_by")
	private String decidedBy;

	@Column(name = "decided_seq")
	private Long decidedSeq;

	@Column(name = "defect_code")
	private String defectCode;

	private String note;

	@Column(name = "blocked_because")
	private String blockedBecause;

	@Override
	public Long getId() {
		return id;
	}

	protected HandOff() {
	}

	private HandOff(long id, String lineId, String partSerial, String from, String to, Decision decision,
			Instant at, String by) {
		this.id = id;
		this.lineId = lineId;
		this.partSerial = partSerial;
		this.fromStation = from;
		this.toStation = to;
		this.decision = decision;
		this.passedAt = at;
		this.passedBy = by;
	}

	static HandOff passed(long id, String lineId, String serial, String from, String to, Instant at, String by) {
		return new HandOff(id, lineId, serial, from, to, Decision.PENDING, at, by);
	}

	static HandOff blocked(long id, String lineId, String serial, String from, String to, Instant at, String by,
			String because) {
		HandOff h = new HandOff(id, lineId, serial, from, to, Decision.BLOCKED, at, by);
		h.blockedBecause = because;
		h.decidedAt = at;
		h.decidedBy = by;
		h.decidedSeq = id;
		return h;
	}

	/** The row's columns in the order of {@link PartFlow}'s insert. */
	Object[] row() {
		return new Object[] { id, lineId, partSerial, fromStation, toStation, decision.name(),
				org.andon.log.RowWrites.time(passedAt), passedBy, org.andon.log.RowWrites.time(decidedAt), decidedBy,
				decidedSeq, defectCode, note, blockedBecause };
	}

	/** The columns a decision changes, then the id, in the order of {@link PartFlow}'s update. */
	Object[] decision() {
		return new Object[] { decision.name(), org.andon.log.RowWrites.time(decidedAt), decidedBy, decidedSeq,
				defectCode, note, id };
	}

	void accept(Instant at, String by, long seq) {
		decide(Decision.ACCEPTED, at, by, seq);
	}

	void reject(Instant at, String by, long seq, String code, String note) {
		decide(Decision.REJECTED, at, by, seq);
		this.defectCode = code;
		this.note = note;
	}

	private void decide(Decision d, Instant at, String by, long seq) {
		if (decision != Decision.PENDING) {
			throw new IllegalStateException("hand-off " + id + " was already " + decision);
		}
		this.decision = d;
		this.decidedAt = at;
		this.decidedBy = by;
		this.decidedSeq = seq;
	}

	long id() {
		return id;
	}

	String fromStation() {
		return fromStation;
	}

	String toStation() {
		return toStation;
	}

	String partSerial() {
		return partSerial;
	}

	Instant passedAt() {
		return passedAt;
	}

	Instant decidedAt() {
		return decidedAt;
	}

	HandOffView view() {
		return new HandOffView(id, lineId, partSerial, fromStation, toStation, decision.name(), passedAt, passedBy,
				decidedAt, decidedBy, defectCode, note, blockedBecause);
	}
}
