package org.andon.incident;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One escalation step of an incident: the level paged, who was paged, when. */
@Entity
@Table(name = "incident_step")
@IdClass(IncidentStep.Key.class)
class IncidentStep {

	@Id
	@Column(name = "incident_id")
	private long incidentId;

	@Id
	private int step;

	@Column(name = "level_index", nullable = false)
	private int levelIndex;

	@Column(name = "level_name", nullable = false)
	private String levelName;

	@Column(nullable = false)
	private Instant at;

	@Column(nullable = false)
	private String paged;

	protected IncidentStep() {
	}

	IncidentStep(long incidentId, int step, int levelIndex, String levelName, Instant at, String paged) {
		this.incidentId = incidentId;
		this.step = step;
		this.levelIndex = levelIndex;
		this.levelName = levelName;
		this.at = at;
		this.paged = paged;
	}

	String paged() {
		return paged;
	}

	IncidentView.Step view() {
		return new IncidentView.Step(step, levelIndex + 1, levelName, at, java.util.List.of(paged.split(",")));
	}

	record Key(long incidentId, int step) implements Serializable {
	}
}
