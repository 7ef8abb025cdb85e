package org.andon.log;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single row holding the last sequence number and hash, as the read side sees it. Every group commit locks it
 * (SELECT ... FOR UPDATE, see {@link EventLog#lock}) for the length of its transaction, which is what keeps the
 * sequence gap-free and ordered across threads and server nodes.
 */
@Entity
@Table(name = "log_head")
class LogHead {

	@Id
	private int id;

	@Column(name = "last_seq", nullable = false)
	private long lastSeq;

	@Column(name = "last_hash", nullable = false)
	private String lastHash;

	protected LogHead() {
	}

	long lastSeq() {
		return lastSeq;
	}

	String lastHash() {
		return lastHash;
	}
}
