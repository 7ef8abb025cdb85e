package org.andon.log;

import java.util.List;
import java.util.stream.Stream;


import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface LogRepository extends JpaRepository<LogEntry, Long> {

	List<LogEntry> findByLineIdAndSeqGreaterThanOrderBySeq(String lineId, long seq, Limit limit);

	List<LogEntry> findBySeqGreaterThanOrderBySeq(long seq, Limit limit);

	List<LogEntry> findByLineIdAndPartSerialOrderBySeq(String lineId, String partSerial);

	@Query("select e from LogEntry e order by e.seq")
	Stream<LogEntry> streamAll();
}
