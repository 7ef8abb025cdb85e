package org.andon.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tamper evidence beyond the chain, for each kind of checkpoint key ({@link SignedCheckpointsTests} HMAC,
 * {@link Ed25519CheckpointsTests}): a tail cut off together with the head row, and a chain rewritten from an edited
 * entry on with every hash recomputed, both pass the hash chain alone, and both are caught against the signed
 * checkpoints, by {@code /api/log/verify}'s {@link EventLog#verify} and by the offline {@code verify-log} command
 * (run here on the live file through H2's auto-server). A tail cut together with the checkpoint rows is still caught
 * against the checkpoint file; a forged checkpoint is caught by its signature.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class SignedLogTests {

	@Autowired
	EventLog log;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager tx;

	/** This class's folder: the H2 file and the checkpoint file. */
	abstract Path dir();

	/** What the offline verifier is given to check the signatures with. */
	abstract List<String> verifierArgs();

	/** A signer of the same kind with another key: what a forger without the key could make. */
	abstract CheckpointSigner forger();

	/** The server's settings for this class: its database, checkpoint file and signing key. */
	static void settings(DynamicPropertyRegistry registry, Path dir, Map<String, String> key) {
		registry.add("spring.datasource.url", () -> url(dir) + ";WRITE_DELAY=0");
		key.forEach((name, value) -> registry.add(name, () -> value));
		registry.add("andon.log.checkpoint.file", () -> dir.resolve("checkpoints.log").toString());
		registry.add("andon.log.checkpoint.every", () -> "1h");
	}

	static String url(Path dir) {
		return "jdbc:h2:file:" + dir.resolve("andon") + ";AUTO_SERVER=TRUE";
	}

	String url() {
		return url(dir());
	}

	Path file() {
		return dir().resolve("checkpoints.log");
	}

	/** A fresh log of ten entries, signed at its head. */
	@BeforeEach
	void tenSignedEntries() throws Exception {
		jdbc.update("delete from log_checkpoint");
		jdbc.update("delete from event_log");
		jdbc.update("update log_head set last_seq = 0, last_hash = ? where id = 1", HashChain.GENESIS);
		Files.deleteIfExists(file());
		log.caughtUp(-1);
		new TransactionTemplate(tx).executeWithoutResult(status -> {
			LogAppender appender = log.lock(new RowWrites(jdbc));
			for (int i = 1; i <= 10; i++) {
				appender.append(Instant.parse("2026-12-03T06:00:00Z").plusSeconds(i), "FA1", "WELD", "WELD", null,
						"PART_RECEIVED", "C-" + i, Map.of("note", "entry " + i));
			}
			log.flush(appender);
		});
		assertThat(log.checkpointNow()).isTrue();
		assertThat(log.checkpointNow()).as("an unmoved head is not signed twice").isFalse();
	}

	@Test
	void anUntouchedLogAgreesWithItsCheckpoints() throws Exception {
		Verification v = log.verify();
		assertThat(v.intact()).isTrue();
		assertThat(v.signedUpTo()).isEqualTo(10);
		assertThat(v.checkpointsChecked()).isEqualTo(2); // the row and the file line
		assertThat(Files.readString(file())).startsWith("10 ");
		Offline offline = offline("--checkpoints=" + file());
		assertThat(offline.exit()).as(offline.out()).isZero();
		assertThat(offline.out()).contains("log intact: 10 entries", "2 signed checkpoints agree, up to seq 10");
	}

	@Test
	void aTailCutOffWithTheHeadRowIsCaught() throws Exception {
		cutAfter(7);
		assertThat(chainOnly().intact()).as("the chain alone cannot see it").isTrue();
		Verification v = log.verify();
		assertThat(v.intact()).isFalse();
		assertThat(v.firstBadSeq()).isEqualTo(8);
		assertThat(v.problem()).contains("says the log had 10 entries, but it ends at 7", "cut off the end");
		Offline offline = offline("--checkpoints=" + file());
		assertThat(offline.exit()).as(offline.out()).isEqualTo(1);
		assertThat(offline.out()).contains("log BROKEN at seq 8", "cut off the end");
	}

	@Test
	void aTailCutOffWithTheCheckpointRowsIsCaughtAgainstTheFile() throws Exception {
		cutAfter(7);
		jdbc.update("delete from log_checkpoint where seq > 7");
		assertThat(offline().exit()).as("the database alone now agrees with itself").isZero();
		assertThat(log.verify().problem()).contains("cut off the end");
		assertThat(offline("--checkpoints=" + file()).exit()).isEqualTo(1);
	}

	@Test
	void aChainRewrittenWithRecomputedHashesIsCaught() throws Exception {
		List<LogEntry> entries = stored();
		String prev = HashChain.GENESIS;
		for (LogEntry e : entries) {
			String payload = e.seq() == 3 ? "{\"note\":\"entry 3, as someone would rather have had it\"}" : e.payload();
			LogEntry unhashed = LogEntry.stored(e.seq(), e.occurredAt(), e.lineId(), e.stationId(), e.actor(),
					e.commandId(), e.type(), e.partSerial(), payload, prev, "");
			String hash = HashChain.hash(unhashed);
			jdbc.update("update event_log set payload = ?, prev_hash = ?, hash = ? where seq = ?", payload, prev, hash,
					e.seq());
			prev = hash;
		}
		jdbc.update("update log_head set last_hash = ? where id = 1", prev);
		assertThat(chainOnly().intact()).as("a recomputed chain fools the chain alone").isTrue();
		Verification v = log.verify();
		assertThat(v.intact()).isFalse();
		assertThat(v.firstBadSeq()).isEqualTo(10);
		assertThat(v.problem()).contains("the chain was rewritten");
		Offline offline = offline();
		assertThat(offline.exit()).as(offline.out()).isEqualTo(1);
		assertThat(offline.out()).contains("the chain was rewritten");
	}

	@Test
	void aForgedCheckpointIsCaughtByItsSignature() throws Exception {
		cutAfter(7);
		jdbc.update("delete from log_checkpoint");
		Files.delete(file());
		Checkpoint forged = forger().sign(7, hashAt(7), Instant.now());
		jdbc.update("insert into log_checkpoint (seq, hash, signed_at, mac) values (?, ?, ?, ?)", forged.seq(),
				forged.hash(), java.sql.Timestamp.from(forged.signedAt()), forged.mac());
		assertThat(log.verify().problem()).contains("wrong signature");
		assertThat(offline().exit()).isEqualTo(1);
		Offline withoutKey = offlineWithoutKey();
		assertThat(withoutKey.exit()).as("without the key only the chain is checked").isZero();
		assertThat(withoutKey.out()).contains("signed checkpoints not checked");
	}

	private void cutAfter(long seq) {
		String hash = hashAt(seq);
		jdbc.update("delete from event_log where seq > ?", seq);
		jdbc.update("update log_head set last_seq = ?, last_hash = ? where id = 1", seq, hash);
	}

	String hashAt(long seq) {
		return jdbc.queryForObject("select hash from event_log where seq = ?", String.class, seq);
	}

	private List<LogEntry> stored() {
		return jdbc.query("select seq, occurred_at, line_id, station_id, actor, command_id, type, part_serial, payload, "
				+ "prev_hash, hash from event_log order by seq", (rs, n) -> LogEntry.stored(rs.getLong(1),
						rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
						rs.getString(10), rs.getString(11)));
	}

	Verification chainOnly() throws Exception {
		try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
			return VerifyLogCommand.verify(c);
		}
	}

	record Offline(int exit, String out) {
	}

	/** Runs the offline verifier's main code on the live file, with what checks the signatures, and {@code extra}. */
	Offline offline(String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of("verify-log", "--url=" + url()));
		args.addAll(verifierArgs());
		args.addAll(List.of(extra));
		return run(args);
	}

	/** The offline verifier given no key at all: it can check only the chain. */
	Offline offlineWithoutKey() {
		return run(List.of("verify-log", "--url=" + url(), "--checkpoint-key="));
	}

	private static Offline run(List<String> args) {
		PrintStream out = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			int exit = VerifyLogCommand.run(args.toArray(String[]::new));
			return new Offline(exit, captured.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(out);
		}
	}
}
