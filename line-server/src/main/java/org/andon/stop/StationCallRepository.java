package org.andon.stop;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface StationCallRepository extends JpaRepository<StationCall, Long> {

	List<StationCall> findByLineId(String lineId);

	List<StationCall> findByStationId(String stationId);

}
