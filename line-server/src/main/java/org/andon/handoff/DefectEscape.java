package org.andon.handoff;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A station that passed a defect on instead of catching it: the ORIGIN that made it, or a station after it that
 * MISSED it. Counted against the station on its internal-customer scorecard.
 */
@Entity
@Table(name = "defect_escape")
@IdClass(DefectEscape.Key.class)
class DefectEscape {

	@Id
	@Column(name = "defect_id")
	private long defectId;

	@Id
	@Column(name = "station_id")
	private String stationId;

	@Column(name = "line_id", nullable = false)
	private String lineId;

	@Column(nullable = false)
	private String role;

	protected DefectEscape() {
	}

	DefectEscape(long defectId, String stationId, String lineId, String role) {
		this.defectId = defectId;
		this.stationId = stationId;
		this.lineId = lineId;
		this.role = role;
	}

	record Key(long defectId, String stationId) implements Serializable {
	}
}
