package org.andon.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.andon.line.Line;
import org.andon.line.Station;
import org.andon.line.Topology;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code andon_station_connected{line,station}}: 1 while the station has a signed-in session on this line server,
 * else 0. In a cluster a station is signed in on one node, so alerts take the maximum over the nodes.
 */
@Component
class ConnectionMetrics {

	ConnectionMetrics(Topology topology, @Lazy SimpUserRegistry sessions, MeterRegistry meters) {
		for (Line line : topology.allLines()) {
			for (Station station : line.stations()) {
				// a supplier, held strongly by the gauge: a gauge on an object holds it weakly, and the lazy registry
				// proxy, referenced by nothing else, was collected (the scrape then showed NaN)
				Gauge.builder("andon.station.connected", () -> sessions.getUser(station.id()) != null ? 1 : 0)
					.description("1 while the station has a signed-in session on this line server")
					.tag("line", line.id()).tag("station", station.id()).register(meters);
			}
		}
	}
}
