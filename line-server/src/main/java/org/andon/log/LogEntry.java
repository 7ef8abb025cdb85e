package org.andon.log;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the event log. Written once, never updated. */
@Entity
@Table(name = "event_log")
class LogEntry extends AssignedIdEntity<Long> {

	@Id
	private long seq;

	@Column(name = "occurred_at", nullable = false)
	private Instant occurredAt;

	@Column(name = "line_id", nullable = false)
	private String lineId;

	@Column(name = "station_id")
	private String stationId;

	@Column(nullable = false)
	private String actor;

	@Column(name = "command_id")
	private String commandId;

	@Column(nullable = false)
	private String type;

	@Column(name = "part_serial")
	private String partSerial;

	@Column(nullable = false)
	private String payload;

	@Column(name = "prev_hash", nullable = false)
	private String prevHash;

	@Column(nullable = false)
	private String hash;

	@Override
	public Long getId() {
		return seq;
	}

	protected LogEntry() {
	}

	LogEntry(long seq, Instant occurredAt, String lineId, String stationId, String actor, String commandId,
			String type, String partSerial, String payload, String prevHash) {
		this.seq = seq;
		this.occurredAt = occurredAt;
		this.lineId = lineId;
		this.stationId = stationId;
		this.actor = actor;
		this.commandId = commandId;
		this.type = type;
		this.partSerial = partSerial;
		this.payload = payload;
		this.prevHash = prevHash;
		this.hash = HashChain.hash(this);
	}

	/** An entry as read back from storage, with the hash it was stored with (which verification checks). */
	static LogEntry stored(long seq, Instant occurredAt, String lineId, String stationId, String actor,
			String commandId, String type, String partSerial, String payload, String prevHash, String hash) {
		LogEntry e = new LogEntry(seq, occurredAt, lineId, stationId, actor, commandId, type, partSerial, payload,
				prevHash);
		e.hash = hash;
		return e;
	}

	long seq() {
		return seq;
	}

	Instant occurredAt() {
		return occurredAt;
	}

	String lineId() {
		return lineId;
	}

	String stationId() {
		return stationId;
	}

	String actor() {
		return actor;
	}

	String commandId() {
		return commandId;
	}

	String type() {
		return type;
	}

	String partSerial() {
		return partSerial;
	}

	String payload() {
		return payload;
	}

	String prevHash() {
		return prevHash;
	}

	String hash() {
		return hash;
	}
}
