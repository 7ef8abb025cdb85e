package org.andon.ops;

import java.nio.file.Path;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.StationSession;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ops/bin/cluster-demo as an operator runs it: RabbitMQ's STOMP plugin set up, two line-server nodes on one
 * PostgreSQL database, and a stop pulled at a station on one node halts the station signed in on the other.
 */
class ClusterDemoTests {

	@TempDir
	Path dir;

	@Test
	void twoNodesOnOneMachineShareTheLineAndTheStopReachesTheOtherNode() throws Exception {
		String database = Postgres.createDatabase();
		int first = LineServerProcess.freePort();
		int second = LineServerProcess.freePort();
		Map<String, String> env = Map.of("ANDON_CLUSTER_DIR", dir.toString(), "ANDON_CLUSTER_DB", database,
				"ANDON_CLUSTER_PORTS", first + " " + second, "ANDON_JAR", OpsFiles.lineServerJar().toString());
		try {
			Scripts.Run start = Scripts.run(env, "cluster-demo", "start");
			assertThat(start.exitCode()).as(start.output()).isZero();
			assertThat(start.output()).contains("RabbitMQ STOMP is listening", "127.0.0.1:" + first + " is up",
					"127.0.0.1:" + second + " is up");
			assertThat(Scripts.run(env, "cluster-demo", "status").output()).contains(first + ": running",
					second + ": running");

			try (StationSession weld = StationSession.station(first, "WELD");
					StationSession paint = StationSession.station(second, "PAINT")) {
				long stop = weld.accepted("type", "STOP", "stationId", "WELD", "reason", "QUALITY").path("seq")
					.asLong();
				JsonNode halt = paint.push("HALT");
				assertThat(halt.path("data").path("stopId").asLong()).isEqualTo(stop);
				assertThat(halt.path("data").path("stoppedStation").asString()).isEqualTo("WELD");
			}
		}
		finally {
			Scripts.Run stop = Scripts.run(env, "cluster-demo", "stop");
			assertThat(stop.output()).contains("stopped node on " + first, "stopped node on " + second);
			Postgres.dropDatabase(database);
		}
	}
}
