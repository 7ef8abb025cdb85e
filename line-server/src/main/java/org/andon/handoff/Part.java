package org.andon.handoff;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;

/** A part on a line: where it is (held by a station, or in transit to one) or how it left (completed, scrapped). */
@Entity
@Table(name = "part")
@IdClass(Part.Key.class)
class Part extends org.andon.log.AssignedIdEntity<Part.Key> {

	enum Status {
		AT_STATION, IN_TRANSIT, COMPLETED, SCRAPPED
	}

	@Id
	@Column(name = "line_id")
	private String lineId;

	@Id
	private String serial;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Status status;

	@Column(name = "holder_station")
	private String holder;

	@Column(name = "entry_station", nullable = false)
	private String entryStation;

	@Column(name = "received_at", nullable = false)
	private Instant receivedAt;

	@Override
	public Part.Key getId() {
		return new Key(lineId, serial);
	}

	protected Part() {
	}

	Part(String lineId, String serial, String entryStation, Instant receivedAt) {
		this.lineId = lineId;
		this.serial = serial;
		this.entryStation = entryStation;
		this.receivedAt = receivedAt;
		this.status = Status.AT_STATION;
		this.holder = entryStation;
	}

	/** A part as stored, read back when the writer builds its memory. */
	static Part stored(String lineId, String serial, Status status, String holder, String entryStation,
			Instant receivedAt) {
		Part p = new Part(lineId, serial, entryStation, receivedAt);
		p.status = status;
		p.holder = holder;
		return p;
	}

	/** Whether the part is still on the line (held by a station or on its way to one). */
	boolean inFlow() {
		return status == Status.AT_STATION || status == Status.IN_TRANSIT;
	}

	String lineId() {
		return lineId;
	}

	Status status() {
		return status;
	}

	String holder() {
		return holder;
	}

	/** Refuses, saying where the part is, unless the station holds it. */
	void checkHeldBy(String station) {
		if (status == Status.AT_STATION && station.equals(holder)) {
			return;
		}
		String where = switch (status) {
			case AT_STATION -> "is at station " + holder;
			case IN_TRANSIT -> "is in transit to station " + holder + " (not yet accepted)";
			case COMPLETED -> "has left the line (completed)";
			case SCRAPPED -> "was scrapped";
		};
		throw Refusal.refuse(ErrorCode.PART_NOT_AT_STATION, "part " + serial + " " + where + ", not at " + station);
	}

	void sendTo(String customer) {
		status = Status.IN_TRANSIT;
		holder = customer;
	}

	void heldBy(String station) {
		status = Status.AT_STATION;
		holder = station;
	}

	void complete() {
		status = Status.COMPLETED;
		holder = null;
	}

	void scrap() {
		status = Status.SCRAPPED;
		holder = null;
	}

	String entryStation() {
		return entryStation;
	}

	String serial() {
		return serial;
	}

	Instant receivedAt() {
		return receivedAt;
	}

	/** Composite key: a serial is unique within its line. */
	record Key(String lineId, String serial) implements Serializable {
	}
}
