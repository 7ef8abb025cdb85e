package org.andon.paging;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface PageRepository extends JpaRepository<Page, Long> {

	@Query("select p from Page p where p.status = 'PENDING' and p.nextAttemptAt <= ?1 order by p.id")
	List<Page> due(Instant now, Limit limit);

	/**
	 * Claims a due page for one delivery attempt by moving its due time to the end of the claim. Only one node's
	 * update can match the due time it read, so only one node sends; if that node dies, the page is due again when
	 * the claim runs out.
	 */
	@Modifying
	@Query("update Page p set p.nextAttemptAt = ?3 where p.id = ?1 and p.status = 'PENDING' and p.nextAttemptAt = ?2")
	int claim(long id, Instant dueAt, Instant claimUntil);

	List<Page> findByIncidentIdOrderById(long incidentId);

	List<Page> findByStatusOrderById(String status);

	long countByStatus(String status);

	boolean existsByPageKey(String pageKey);

	/**
	 * How many other alarms (incidents) paged a person since a moment, bundled ones included: the flood count
	 * before this one.
	 */
	@Query("select count(distinct p.incidentId) from Page p where p.recipient = ?1 and p.createdAt > ?2 "
			+ "and p.channel <> 'WEBHOOK' and p.event in ('TRIGGER', 'FLOOD') and p.incidentId <> ?3")
	long alarmsBesides(String recipient, Instant since, long incidentId);

	/** Whether a FLOOD page on this channel told the person of a flood since a moment. */
	boolean existsByRecipientAndEventAndChannelAndCreatedAtAfter(String recipient, String event, String channel,
			Instant since);

	@Query("select distinct p.recipient from Page p where p.incidentId = ?1 and p.channel = 'WEBHOOK' "
			+ "and p.event = 'TRIGGER'")
	List<String> webhooksTriggered(long incidentId);
}
