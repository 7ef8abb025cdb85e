package org.andon.handoff;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface HandOffRepository extends JpaRepository<HandOff, Long>, JpaSpecificationExecutor<HandOff> {

	@Query("select h from HandOff h where h.lineId = ?1 and h.toStation = ?2 and h.partSerial = ?3 "
			+ "and h.decision = org.andon.handoff.HandOff.Decision.PENDING")
	Optional<HandOff> pending(String lineId, String toStation, String serial);

	@Query("select h from HandOff h where h.lineId = ?1 and h.toStation = ?2 "
			+ "and h.decision = org.andon.handoff.HandOff.Decision.PENDING order by h.id")
	List<HandOff> pendingTo(String lineId, String toStation);

	/** The hand-offs that brought parts to a station: accepted there, or rejected back to it. */
	@Query("select h from HandOff h where h.lineId = ?1 and h.partSerial in ?3 and ((h.toStation = ?2 "
			+ "and h.decision = org.andon.handoff.HandOff.Decision.ACCEPTED) or (h.fromStation = ?2 "
			+ "and h.decision = org.andon.handoff.HandOff.Decision.REJECTED))")
	List<HandOff> arrivals(String lineId, String station, java.util.Collection<String> serials);

	@Query("select count(h) from HandOff h where h.lineId = ?1 and h.fromStation = ?2 "
			+ "and h.decision = org.andon.handoff.HandOff.Decision.REJECTED and h.decidedAt >= ?3")
	long rejectsOf(String lineId, String supplier, java.time.Instant since);

	@Query("select h from HandOff h where h.lineId = ?1 and h.partSerial = ?2 "
			+ "and h.decision = org.andon.handoff.HandOff.Decision.ACCEPTED order by h.id")
	List<HandOff> accepted(String lineId, String serial);
}
