package org.andon.log;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface LogHeadRepository extends JpaRepository<LogHead, Integer> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select h from LogHead h where h.id = 1")
	Optional<LogHead> lockHead();

	@Query("select h from LogHead h where h.id = 1")
	Optional<LogHead> head();
}
