package org.andon.stop;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.andon.protocol.StationState;

/** A station's current state and since when; derived from the log in the transaction that changes it. */
@Entity
@Table(name = "station_status")
class StationStatus extends org.andon.log.AssignedIdEntity<String> {

	@Id
	@Column(name = "station_id")
	private String stationId;

	@Column(name = "line_id", nullable = false)
	private String lineId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private StationState state;

	@Column(nullable = false)
	private Instant since;

	@Column(name = "since_seq", nullable = false)
	private long sinceSeq;

	@Override
	public String getId() {
		return stationId;
	}

	protected StationStatus() {
	}

	StationStatus(String stationId, String lineId) {
		this.stationId = stationId;
		this.lineId = lineId;
		this.state = StationState.RUNNING;
	}

	/** A status as stored, read back when the writer builds its memory. */
	static StationStatus stored(String stationId, String lineId, StationState state, Instant since, long sinceSeq) {
		StationStatus s = new StationStatus(stationId, lineId);
		s.change(state, since, sinceSeq);
		return s;
	}

	/** The row's columns in the order of {@link Stops}' insert. */
	Object[] row() {
		return new Object[] { stationId, lineId, state.name(), org.andon.log.RowWrites.time(since), sinceSeq };
	}

	/** The changing columns, then the id, in the order of {@link Stops}' update. */
	Object[] changing() {
		return new Object[] { state.name(), org.andon.log.RowWrites.time(since), sinceSeq, stationId };
	}

	String lineId() {
		return lineId;
	}

	void change(StationState to, Instant at, long seq) {
		this.state = to;
		this.since = at;
		this.sinceSeq = seq;
	}

	String stationId() {
		return stationId;
	}

	StationState state() {
		return state;
	}

	Instant since() {
		return since;
	}
}
