package org.andon.handoff;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface HandOffRepository extends JpaRepository<HandOff, Long>, JpaSpecificationExecutor<HandOff> {

	@Query("select h from HandOff h where h.lineId = ?1 and h.toStation = ?2 "
			+ "and h.decision = org.andon.handoff.HandOff.Decision.PENDING order by h.id")
	List<HandOff> pendingTo(String lineId, String toStation);

}
