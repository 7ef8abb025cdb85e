package org.andon.ops;

import java.nio.file.Files;
import java.nio.file.Path;

import org.andon.ops.sim.Soak;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short kill -9 soak on a real PostgreSQL database: 20 stations, 400 events, the line server killed with
 * SIGKILL twice and restarted on the same database. Nothing acknowledged is lost, nothing applied twice, no gap, the
 * log verifies.
 */
class PostgresSoakTests {

	@Test
	void twoKillsDashNineOnPostgreSqlLoseNothingAcknowledgedAndApplyNothingTwice() throws Exception {
		String database = Postgres.createDatabase();
		try {
			Soak.Figures f = new Soak(20, 400, 2, 16, Files.createTempDirectory("andon-soak-pg"), OpsFiles.lineServerJar())
				.on(Postgres.SERVER + database, Postgres.USER).run();
			System.out.println(f.text());
			assertThat(f.database()).isEqualTo("PostgreSQL");
			assertThat(f.kills()).isEqualTo(2);
			assertThat(f.inFlightAtKills()).isPositive();
			assertThat(f.acknowledged()).isEqualTo(400);
			assertThat(f.lost()).isZero();
			assertThat(f.appliedTwice()).isZero();
			assertThat(f.logGaps()).isZero();
			assertThat(f.logIntact()).as(f.verifyProblem()).isTrue();
			assertThat(f.escalationStepsTwice()).isZero();
			assertThat(f.escalationStepsLate()).isZero();
			assertThat(f.escalationStepsMissed()).isZero();
			assertThat(f.allZero()).isTrue();
		}
		finally {
			Postgres.dropDatabase(database);
		}
	}
}
