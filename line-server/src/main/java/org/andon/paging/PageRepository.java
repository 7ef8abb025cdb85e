package org.andon.paging;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PageRepository extends JpaRepository<Page, Long> {

	@Query("select p from Page p where p.status = 'PENDING' and p.nextAttemptAt <= ?1 order by p.id")
	List<Page> due(Instant now, Limit limit);

	List<Page> findByIncidentIdOrderById(long incidentId);

	List<Page> findByStatusOrderById(String status);

	long countByStatus(String status);

	boolean existsByPageKey(String pageKey);

	@Query("select distinct p.recipient from Page p where p.incidentId = ?1 and p.channel = 'WEBHOOK' "
			+ "and p.event = 'TRIGGER'")
	List<String> webhooksTriggered(long incidentId);
}
