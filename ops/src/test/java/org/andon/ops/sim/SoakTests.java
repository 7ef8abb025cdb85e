package org.andon.ops.sim;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the kill -9 soak in the suite: 20 stations, 600 events, the real line server killed with SIGKILL
 * three times at random moments and restarted on the same H2 file. Nothing acknowledged is lost, nothing is applied
 * twice, the log has no gap and verifies; the stopped line's escalation steps fire once each, none is skipped, and
 * the receiver has each webhook page the server marked delivered. ({@code ops/bin/soak} runs the long one.)
 */
class SoakTests {

	@Test
	void threeKillsDashNineLoseNothingAcknowledgedAndApplyNothingTwice() throws Exception {
		Path work = Files.createTempDirectory("andon-soak-test");
		Path jar = Path.of(System.getProperty("andon.line-server.jar", "../line-server/target/line-server.jar"));
		assertThat(jar).as("build the line server first: ./mvnw -pl line-server -am -DskipTests package").isRegularFile();
		Soak.Figures f = new Soak(20, 600, 3, 16, work, jar).run();
		System.out.println(f.text());
		assertThat(f.database()).isEqualTo("H2");
		assertThat(f.kills()).as("every kill happened before the last answer").isEqualTo(3);
		assertThat(f.inFlightAtKills()).as("the kills caught commands in flight").isPositive();
		assertThat(f.acknowledged()).isEqualTo(600);
		assertThat(f.lost()).isZero();
		assertThat(f.appliedTwice()).isZero();
		assertThat(f.logGaps()).isZero();
		assertThat(f.refused()).isZero();
		assertThat(f.logIntact()).as(f.verifyProblem()).isTrue();
		assertThat(f.escalationSteps()).as("the stop paged at once").isPositive();
		assertThat(f.escalationStepsTwice()).isZero();
		assertThat(f.escalationStepsMissed()).isZero();
		assertThat(f.escalationStepsLate()).isZero();
		assertThat(f.stepPagesMissing()).isZero();
		assertThat(f.allZero()).isTrue();
	}
}
