package org.andon.stop;

import java.util.List;

import org.andon.protocol.StationState;
import org.springframework.data.jpa.repository.JpaRepository;

interface StationStatusRepository extends JpaRepository<StationStatus, String> {

	List<StationStatus> findByLineId(String lineId);

	long countByState(StationState state);
}
