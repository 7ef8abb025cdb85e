package org.andon.handoff;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface DefectRepository extends JpaRepository<Defect, Long> {

	@Query("select d from Defect d where d.lineId = ?1 and d.partSerial in ?2 and d.status = 'OPEN' order by d.id")
	List<Defect> openOn(String lineId, Collection<String> serials);
}
