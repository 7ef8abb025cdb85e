package org.andon.paging;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface PageAttemptRepository extends JpaRepository<PageAttempt, PageAttempt.Key> {

	List<PageAttempt> findByPageIdOrderByAttempt(long pageId);
}
