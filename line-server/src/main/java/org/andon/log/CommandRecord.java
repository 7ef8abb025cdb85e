package org.andon.log;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A handled command id with the result it got. The primary key is what makes a command idempotent, even when the
 * same command reaches two server nodes at once.
 */
@Entity
@Table(name = "command_record")
class CommandRecord extends AssignedIdEntity<String> {

	@Id
	@Column(name = "command_id")
	private String commandId;

	@Column(nullable = false)
	private String actor;

	@Column(nullable = false)
	private String type;

	@Column(nullable = false)
	private String fingerprint;

	@Column(nullable = false)
	private boolean accepted;

	private Long seq;

	private String code;

	private String message;

	@Column(name = "recorded_at", nullable = false)
	private Instant recordedAt;

	@Override
	public String getId() {
		return commandId;
	}

	protected CommandRecord() {
	}

	CommandRecord(String commandId, String actor, String type, String fingerprint, boolean accepted, Long seq,
			String code, String message, Instant recordedAt) {
		this.commandId = commandId;
		this.fingerprint = fingerprint;
		this.actor = actor;
		this.type = type;
		this.accepted = accepted;
		this.seq = seq;
		this.code = code;
		this.message = message;
		this.recordedAt = recordedAt;
	}

	String actor() {
		return actor;
	}

	String type() {
		return type;
	}

	String fingerprint() {
		return fingerprint;
	}

	boolean accepted() {
		return accepted;
	}

	Long seq() {
		return seq;
	}

	String code() {
		return code;
	}

	String message() {
		return message;
	}
}
