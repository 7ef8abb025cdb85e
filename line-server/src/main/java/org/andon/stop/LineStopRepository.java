package org.andon.stop;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface LineStopRepository extends JpaRepository<LineStop, Long> {

	@Query("select s from LineStop s where s.lineId = ?1 and s.endedAt is null order by s.id")
	List<LineStop> active(String lineId);

	@Query("select s from LineStop s where (?1 is null or s.lineId = ?1) and (?2 is null or s.stationId = ?2) "
			+ "and (?3 = false or s.endedAt is null) order by s.id desc")
	Page<LineStop> search(String lineId, String stationId, boolean activeOnly, Pageable page);
}
