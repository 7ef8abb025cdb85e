package org.andon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.StationSession;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ops/bin/backup-h2 and restore-h2 on the line server as the systemd unit runs it: a shift is written, backed up with
 * the server stopped, the data directory wiped, the backup restored, and the server started again finds the same
 * intact log and carries on from its last entry. The refusals that keep an operator from losing data are tested too.
 */
class BackupRestoreTests {

	@TempDir
	Path root;

	@Test
	void aBackupRestoredIntoAWipedDataDirectoryBringsBackTheSameIntactLog() throws Exception {
		Installation installed = Installation.of(root, "andon-line-server.env");
		String jar = OpsFiles.lineServerJar().toString();
		String db = installed.h2Database().toString();
		Path backup = Files.createDirectories(root.resolve("backups")).resolve("andon.zip");

		JsonNode before;
		try (LineServerProcess server = installed.start("before-backup.log")) {
			DemoShift.run(server, "BACKUP");
			LiveScrape.takeFrom(server); // saves the asset tests a server of their own
			before = StationSession.JSON.readTree(server.get("/api/log/verify", "quality"));
			assertThat(before.path("intact").asBoolean()).as(before.toString()).isTrue();
			assertThat(before.path("entriesChecked").asLong()).isGreaterThan(10);

			Scripts.Run whileRunning = Scripts.run("backup-h2", "--jar", jar, "--db", db, backup.toString());
			assertThat(whileRunning.exitCode()).as(whileRunning.output()).isEqualTo(1);
			assertThat(whileRunning.output()).contains("open in process " + server.pid(), "Stop it first");
			assertThat(backup).doesNotExist();
		}
		String logState = "log intact: " + before.path("entriesChecked").asLong() + " entries, last seq "
				+ before.path("lastSeq").asLong();

		Scripts.Run backedUp = Scripts.run("backup-h2", "--jar", jar, "--db", db, backup.toString());
		assertThat(backedUp.exitCode()).as(backedUp.output()).isZero();
		assertThat(backedUp.output()).contains("checked by a trial restore: " + logState);
		// the verifier may add what it did not check (signed checkpoints without a key)
		assertThat(Files.readString(sidecar(backup, ".log-state")).strip()).startsWith(logState);
		assertThat(Files.readString(sidecar(backup, ".sha256"))).endsWith("  andon.zip\n");

		Scripts.Run overwrite = Scripts.run("restore-h2", "--jar", jar, "--db", db, backup.toString());
		assertThat(overwrite.exitCode()).as(overwrite.output()).isEqualTo(1);
		assertThat(overwrite.output()).contains("a database is already at", "--force");

		Path dataDir = installed.h2Database().getParent();
		deleteRecursively(dataDir);

		Path damaged = copyOf(backup, "damaged.zip");
		byte[] bytes = Files.readAllBytes(damaged);
		bytes[bytes.length / 2] ^= 0x01;
		Files.write(damaged, bytes);
		Scripts.Run refused = Scripts.run("restore-h2", "--jar", jar, "--db", db, damaged.toString());
		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
		assertThat(refused.output()).contains("does not match its checksum");
		assertThat(dataDir).doesNotExist();

		Scripts.Run restored = Scripts.run("restore-h2", "--jar", jar, "--db", db, backup.toString());
		assertThat(restored.exitCode()).as(restored.output()).isZero();
		assertThat(restored.output()).contains("restored " + db + ".mv.db from " + backup + ": " + logState);

		try (LineServerProcess server = installed.start("after-restore.log")) {
			JsonNode after = StationSession.JSON.readTree(server.get("/api/log/verify", "quality"));
			assertThat(after.path("intact").asBoolean()).as(after.toString()).isTrue();
			assertThat(after.path("entriesChecked").asLong()).isEqualTo(before.path("entriesChecked").asLong());
			assertThat(after.path("lastSeq").asLong()).isEqualTo(before.path("lastSeq").asLong());
			try (StationSession frame = StationSession.station(server.port(), "FRAME")) {
				JsonNode next = frame.accepted("type", "RECEIVE", "stationId", "FRAME", "partSerial", "AFTER-RESTORE");
				assertThat(next.path("seq").asLong()).as("the log carries on from its last restored entry")
					.isEqualTo(before.path("lastSeq").asLong() + 1);
			}
		}
	}

	private static Path sidecar(Path backup, String suffix) {
		return backup.resolveSibling(backup.getFileName() + suffix);
	}

	/** A copy of a backup under another name, with its sidecars (the checksum line names the new file). */
	private static Path copyOf(Path backup, String name) throws IOException {
		Path copy = backup.resolveSibling(name);
		Files.copy(backup, copy);
		Files.copy(sidecar(backup, ".log-state"), sidecar(copy, ".log-state"));
		Files.writeString(sidecar(copy, ".sha256"),
				Files.readString(sidecar(backup, ".sha256")).replace(backup.getFileName().toString(), name));
		return copy;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
