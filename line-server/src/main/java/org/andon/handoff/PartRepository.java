package org.andon.handoff;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PartRepository extends JpaRepository<Part, Part.Key> {

	@Query("select p from Part p where p.lineId = ?1 and p.holder = ?2 "
			+ "and p.status = org.andon.handoff.Part.Status.AT_STATION")
	List<Part> heldBy(String lineId, String station);
}
