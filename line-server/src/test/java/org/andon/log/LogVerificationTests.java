package org.andon.log;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash chain names the first entry that was edited, deleted or reordered. Each tampering happens in a
 * transaction that is rolled back afterwards, so the log stays intact for the next test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:log-verification")
@DirtiesContext
class LogVerificationTests {

	@Autowired
	EventLog log;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager tx;

	@BeforeEach
	void fiveEntries() {
		if (log.lastSeq() > 0) {
			return;
		}
		new TransactionTemplate(tx).executeWithoutResult(status -> {
			LogAppender appender = log.lock(new RowWrites(new org.springframework.jdbc.core.JdbcTemplate(dataSource)));
			for (int i = 1; i <= 5; i++) {
				appender.append(Instant.parse("2026-11-27T06:00:00Z").plusSeconds(i), "FA1", "WELD", "WELD", null,
						"PART_RECEIVED", "V-" + i, Map.of("note", "entry " + i));
			}
			log.flush(appender);
		});
	}

	@Test
	void anUntouchedLogIsIntact() {
		Verification v = log.verify();
		assertThat(v.intact()).isTrue();
		assertThat(v.entriesChecked()).isEqualTo(5);
		assertThat(v.firstBadSeq()).isNull();
	}

	@Test
	void anEditedEntryIsNamed() throws Exception {
		Verification v = tampered("update event_log set payload = '{\"note\":\"nothing to see\"}' where seq = 3");
		assertThat(v.intact()).isFalse();
		assertThat(v.firstBadSeq()).isEqualTo(3);
		assertThat(v.problem()).contains("edited");
	}

	@Test
	void aDeletedEntryIsNamed() throws Exception {
		Verification v = tampered("delete from event_log where seq = 3");
		assertThat(v.firstBadSeq()).isEqualTo(3);
		assertThat(v.problem()).contains("missing");
	}

	@Test
	void reorderedEntriesAreNamed() throws Exception {
		Verification v = tampered("update event_log set seq = 100 where seq = 2",
				"update event_log set seq = 2 where seq = 4", "update event_log set seq = 4 where seq = 100");
		assertThat(v.firstBadSeq()).isEqualTo(2);
	}

	@Test
	void entriesCutOffTheEndAreNoticed() throws Exception {
		Verification v = tampered("delete from event_log where seq = 5");
		assertThat(v.firstBadSeq()).isEqualTo(5);
		assertThat(v.problem()).contains("cut off");
	}

	@Test
	void aRewrittenEntryWithARecomputedHashStillBreaksTheChainAfterIt() throws Exception {
		// Someone edits entry 2 and recomputes its own hash: entry 3 no longer follows it.
		Verification v = tampered("update event_log set part_serial = 'FORGED', hash = '"
				+ "f".repeat(64) + "' where seq = 2");
		assertThat(v.firstBadSeq()).isEqualTo(2);
		assertThat(v.intact()).isFalse();
	}

	private Verification tampered(String... statements) throws Exception {
		try (Connection c = dataSource.getConnection()) {
			c.setAutoCommit(false);
			try {
				for (String sql : statements) {
					c.createStatement().executeUpdate(sql);
				}
				return VerifyLogCommand.verify(c);
			}
			finally {
				c.rollback();
			}
		}
	}
}
