package org.andon.incident;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;

/**
 * One andon call: OPEN until someone acknowledges ("on my way"), then ACKNOWLEDGED until it is RESOLVED with cause
 * and countermeasure. {@code nextEscalationAt} is its durable escalation timer; {@code steps} counts the pages sent.
 */
@Entity
@Table(name = "incident")
class Incident extends org.andon.log.AssignedIdEntity<Long> {

	static final String OPEN = "OPEN";
	static final String ACKNOWLEDGED = "ACKNOWLEDGED";
	static final String RESOLVED = "RESOLVED";

	@Id
	private long id;

	@Column(name = "line_id", nullable = false)
	private String lineId;

	@Column(name = "station_id", nullable = false)
	private String stationId;

	@Column(nullable = false)
	private String kind;

	@Column(name = "stop_id")
	private Long stopId;

	@Column(nullable = false)
	private String reason;

	@Column(name = "defect_code")
	private String defectCode;

	private String note;

	@Column(nullable = false)
	private String status;

	@Column(name = "opened_at", nullable = false)
	private Instant openedAt;

	@Column(name = "level_reached", nullable = false)
	private int levelReached;

	@Column(nullable = false)
	private int steps;

	@Column(name = "next_escalation_at")
	private Instant nextEscalationAt;

	/** The shelf or out-of-service that kept this incident from paging; null once paged (or never suppressed). */
	@Column(name = "suppressed_by")
	private Long suppressedBy;

	@Column(name = "acknowledged_at")
	private Instant acknowledgedAt;

	@Column(name = "acknowledged_by")
	private String acknowledgedBy;

	@Column(name = "ack_note")
	private String ackNote;

	@Column(name = "resolved_at")
	private Instant resolvedAt;

	@Column(name = "resolved_by")
	private String resolvedBy;

	private String cause;

	private String countermeasure;

	@Column(name = "call_type")
	private String callType;

	@Column(name = "auto_stop_at")
	private Instant autoStopAt;

	@Column(nullable = false)
	private boolean contained;

	@Override
	public Long getId() {
		return id;
	}

	protected Incident() {
	}

	Incident(long id, String lineId, String stationId, String kind, Long stopId, String reason, String defectCode,
			String note, Instant openedAt) {
		this.id = id;
		this.lineId = lineId;
		this.stationId = stationId;
		this.kind = kind;
		this.stopId = stopId;
		this.reason = reason;
		this.defectCode = defectCode;
		this.note = note;
		this.openedAt = openedAt;
		this.status = OPEN;
	}

	/** A call: routed by its type, and stopping the line at {@code autoStopAt} unless contained before. */
	static Incident call(long id, String lineId, String stationId, String callType, String defectCode, String note,
			Instant openedAt, Instant autoStopAt) {
		Incident i = new Incident(id, lineId, stationId, "CALL", null, callType, defectCode, note, openedAt);
		i.callType = callType;
		i.autoStopAt = autoStopAt;
		return i;
	}

	/** Opened while its alarm was shelved or its station out of service: nobody paged yet. */
	void suppressedBy(long suppression) {
		suppressedBy = suppression;
	}

	Long suppressedBy() {
		return suppressedBy;
	}

	/** The suppression ended, or the incident became a stop: it pages now. */
	void unsuppressed() {
		suppressedBy = null;
	}

	boolean isCall() {
		return callType != null;
	}

	/** Refuses unless this is a call that is still open and has not turned into a stop. */
	void checkOpenCall() {
		if (!isCall() || RESOLVED.equals(status) || stopId != null) {
			throw Refusal.refuse(ErrorCode.NOT_AN_OPEN_CALL, "incident " + id + " is not an open call"
					+ (stopId != null ? " (it already stopped the line: stop " + stopId + ")" : ""));
		}
	}

	/** Refuses an automatic stop unless the call is still open and its window has passed. */
	void checkAutoStopDue(Instant now) {
		checkOpenCall();
		if (autoStopAt == null || autoStopAt.isAfter(now)) {
			throw Refusal.refuse(ErrorCode.ESCALATION_NOT_DUE, "call " + id + " has until " + autoStopAt);
		}
	}

	/** The call turned into a stop: the stop now holds the line and resolves this incident when it ends. */
	void stoppedBy(long stop) {
		this.stopId = stop;
		this.autoStopAt = null;
	}

	/** Contained in time: the call closes and never becomes a stop. */
	Duration contain(String by, Instant at, String note) {
		checkOpenCall();
		contained = true;
		autoStopAt = null;
		return resolve(by, at, note == null ? "contained" : note, null);
	}

	String callType() {
		return callType;
	}

	boolean contained() {
		return contained;
	}

	/** A page went out for the next step; the timer is set for the one after. */
	void paged(int levelIndex, Instant nextAt) {
		steps++;
		levelReached = Math.max(levelReached, levelIndex);
		nextEscalationAt = nextAt;
	}

	/** Refuses unless the incident is still waiting for its step {@code step} and that step is due. */
	void checkDue(int step, Instant now) {
		if (!OPEN.equals(status) || step != steps + 1 || nextEscalationAt == null || nextEscalationAt.isAfter(now)) {
			throw Refusal.refuse(ErrorCode.ESCALATION_NOT_DUE, "incident " + id + " is " + status + " after "
					+ steps + " steps; step " + step + " is not due");
		}
	}

	Duration acknowledge(String by, Instant at, String note) {
		if (!OPEN.equals(status)) {
			throw Refusal.refuse(ErrorCode.INCIDENT_CLOSED, "incident " + id + " was already " + status.toLowerCase()
					+ " by " + (RESOLVED.equals(status) ? resolvedBy : acknowledgedBy));
		}
		status = ACKNOWLEDGED;
		acknowledgedAt = at;
		acknowledgedBy = by;
		ackNote = note;
		nextEscalationAt = null;
		return Duration.between(openedAt, at);
	}

	void checkNotResolved() {
		if (RESOLVED.equals(status)) {
			throw Refusal.refuse(ErrorCode.INCIDENT_CLOSED, "incident " + id + " was already resolved by "
					+ resolvedBy);
		}
	}

	Duration resolve(String by, Instant at, String cause, String countermeasure) {
		checkNotResolved();
		status = RESOLVED;
		resolvedAt = at;
		resolvedBy = by;
		this.cause = cause;
		this.countermeasure = countermeasure;
		nextEscalationAt = null;
		return Duration.between(openedAt, at);
	}

	boolean resolved() {
		return RESOLVED.equals(status);
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

	String kind() {
		return kind;
	}

	Long stopId() {
		return stopId;
	}

	String reason() {
		return reason;
	}

	String defectCode() {
		return defectCode;
	}

	String note() {
		return note;
	}

	Instant openedAt() {
		return openedAt;
	}

	int steps() {
		return steps;
	}

	int levelReached() {
		return levelReached;
	}

	IncidentView view(String team, java.util.List<IncidentView.Step> history,
			java.util.List<org.andon.paging.PageView> pages, Instant now) {
		return new IncidentView(id, lineId, stationId, kind, callType, team, autoStopAt, contained, stopId, reason,
				defectCode, note, status, openedAt,
				levelReached + 1, nextEscalationAt, acknowledgedAt, acknowledgedBy, ackNote,
				acknowledgedAt == null ? null : Duration.between(openedAt, acknowledgedAt).toSeconds(), resolvedAt,
				resolvedBy, cause, countermeasure,
				Duration.between(openedAt, resolvedAt == null ? now : resolvedAt).toSeconds(), history, pages);
	}
}
