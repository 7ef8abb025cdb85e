package org.andon.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface IncidentRepository extends JpaRepository<Incident, Long> {

	/** The open incidents a suppression kept from paging. */
	@Query("select i from Incident i where i.suppressedBy = ?1 and i.status <> 'RESOLVED' order by i.id")
	List<Incident> suppressedBy(long suppressionId);

	@Query("select i from Incident i where i.status = 'OPEN' and i.nextEscalationAt <= ?1 order by i.id")
	List<Incident> due(Instant now);

	@Query("select i from Incident i where i.kind = 'CALL' and i.status <> 'RESOLVED' and i.stopId is null "
			+ "and i.autoStopAt <= ?1 order by i.id")
	List<Incident> callsDue(Instant now);

	@Query("select i from Incident i where i.kind = 'CALL' and (?1 is null or i.lineId = ?1) order by i.id")
	List<Incident> calls(String lineId);

	Optional<Incident> findFirstByStopIdAndStatusNot(long stopId, String status);

	boolean existsByLineIdAndStationIdAndKindAndStatusNot(String lineId, String stationId, String kind,
			String status);

	@Query("select i from Incident i where (?1 is null or i.lineId = ?1) and (?2 = false or i.status <> 'RESOLVED') "
			+ "order by i.id desc")
	Page<Incident> search(String lineId, boolean openOnly, Pageable page);

	long countByStatusNot(String status);

	@Query("select coalesce(max(i.levelReached) + 1, 0) from Incident i where i.status <> 'RESOLVED'")
	int highestOpenLevel();
}
