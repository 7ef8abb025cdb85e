package org.andon.log;

import java.util.Optional;


import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface LogHeadRepository extends JpaRepository<LogHead, Integer> {

	@Query("select h from LogHead h where h.id = 1")
	Optional<LogHead> head();
}
