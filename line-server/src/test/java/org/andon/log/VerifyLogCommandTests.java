package org.andon.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline verifier's command line, where it cannot check: it says why, exits 2, and makes no database. */
class VerifyLogCommandTests {

	@TempDir
	Path dir;

	record Run(int exit, String out, String err) {
	}

	@Test
	void helpPrintsTheOptionsAndTheExitCodes() {
		Run run = run("verify-log", "--help");
		assertThat(run.exit()).isZero();
		assertThat(run.out()).contains("--url", "--checkpoints", "--public-key", "0 intact, 1 broken, 2 could not check",
				"line-server/data");
	}

	@Test
	void aDatabaseThatIsNotThereIsNotCreatedAndTheMessageSaysWhereTheStartCommandKeepsIt() {
		Path missing = dir.resolve("data/andon");
		Run run = run("verify-log", "--url=jdbc:h2:file:" + missing);
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("cannot read the event log", "--url=jdbc:h2:file:./line-server/data/andon");
		assertThat(dir.resolve("data/andon.mv.db")).doesNotExist();
	}

	@Test
	void aCheckpointFileWithoutTheKeyToCheckItIsRefusedNotPassed() throws Exception {
		Path file = Files.writeString(dir.resolve("checkpoints.log"), "");
		Run run = run("verify-log", "--url=jdbc:h2:file:" + dir.resolve("andon"), "--checkpoint-key=",
				"--checkpoints=" + file);
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("is checked only with the key that signed it");
		assertThat(run.out()).doesNotContain("intact");
	}

	@Test
	void aCheckpointFileThatIsNotThereOrHoldsNoCheckpointIsRefusedNotPassed() throws Exception {
		String key = "--checkpoint-key=" + "k".repeat(40);
		Run missing = run("verify-log", "--url=jdbc:h2:file:" + dir.resolve("andon"), key,
				"--checkpoints=" + dir.resolve("typo.log"));
		assertThat(missing.exit()).isEqualTo(2);
		assertThat(missing.err()).contains("no checkpoint file at");
		Path garbage = Files.writeString(dir.resolve("checkpoints.log"), "x\n");
		Run empty = run("verify-log", "--url=jdbc:h2:file:" + dir.resolve("andon"), key, "--checkpoints=" + garbage);
		assertThat(empty.exit()).isEqualTo(2);
		assertThat(empty.err()).contains("holds no signed checkpoint");
		Run shortKey = run("verify-log", "--url=jdbc:h2:file:" + dir.resolve("andon"), "--checkpoint-key=short");
		assertThat(shortKey.exit()).isEqualTo(2);
		assertThat(shortKey.err()).contains("at least 32 characters");
	}

	@Test
	void anUnknownOptionIsNamed() {
		Run run = run("verify-log", "--uri=jdbc:h2:file:./data/andon");
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("--uri");
	}

	private static Run run(String... args) {
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		ByteArrayOutputStream e = new ByteArrayOutputStream();
		System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
		try {
			int exit = VerifyLogCommand.run(args);
			return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
	}
}
