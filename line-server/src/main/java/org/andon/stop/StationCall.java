package org.andon.stop;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An open call at a station: it shows CALLING (unless a stop outranks it) until the call closes. */
@Entity
@Table(name = "station_call")
class StationCall {

	@Id
	@Column(name = "incident_id")
	private long incidentId;

	@Column(name = "line_id", nullable = false)
	private String lineId;

	@Column(name = "station_id", nullable = false)
	private String stationId;

	@Column(name = "call_type", nullable = false)
	private String callType;

	@Column(name = "opened_at", nullable = false)
	private Instant openedAt;

	@Column(name = "auto_stop_at")
	private Instant autoStopAt;

	@Column(name = "stop_id")
	private Long stopId;

	protected StationCall() {
	}

	StationCall(long incidentId, String lineId, String stationId, String callType, Instant openedAt,
			Instant autoStopAt) {
		this.incidentId = incidentId;
		this.lineId = lineId;
		this.stationId = stationId;
		this.callType = callType;
		this.openedAt = openedAt;
		this.autoStopAt = autoStopAt;
	}

	/** A call as stored, read back when the writer builds its memory. */
	static StationCall stored(long incidentId, String lineId, String stationId, String callType, Instant openedAt,
			Instant autoStopAt, Long stopId) {
		StationCall c = new StationCall(incidentId, lineId, stationId, callType, openedAt, autoStopAt);
		c.stopId = stopId;
		return c;
	}

	/** The row's columns in the order of {@link Stops}' insert. */
	Object[] row() {
		return new Object[] { incidentId, lineId, stationId, callType, org.andon.log.RowWrites.time(openedAt),
				org.andon.log.RowWrites.time(autoStopAt), stopId };
	}

	/** The columns turning into a stop changes, then the id, in the order of {@link Stops}' update. */
	Object[] stopping() {
		return new Object[] { org.andon.log.RowWrites.time(autoStopAt), stopId, incidentId };
	}

	long incidentId() {
		return incidentId;
	}

	String lineId() {
		return lineId;
	}

	/** The call stopped the line: no timer any more, and it closes with its stop. */
	void becameStop(long stop) {
		this.stopId = stop;
		this.autoStopAt = null;
	}

	Long stopId() {
		return stopId;
	}

	String stationId() {
		return stationId;
	}

	CallView view() {
		return new CallView(incidentId, stationId, callType, openedAt, autoStopAt);
	}
}
