package org.andon.incident;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface IncidentStepRepository extends JpaRepository<IncidentStep, IncidentStep.Key> {

	List<IncidentStep> findByIncidentIdOrderByStep(long incidentId);
}
