package org.andon.log;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes committed transactions survive an operating-system crash before any result is sent. PostgreSQL does that
 * on commit already (synchronous_commit). H2's commit does not: even with WRITE_DELAY=0 it only hands the pages to
 * the OS, so after each group commit we run {@code CHECKPOINT SYNC}, which forces the file to disk. One sync covers
 * the whole batch of commands, which is how durability and throughput live together.
 */
@Component
public class DurabilityBarrier {

	private final JdbcTemplate jdbc;
	private final boolean h2;

	DurabilityBarrier(DataSource dataSource) throws SQLException {
		this.jdbc = new JdbcTemplate(dataSource);
		try (Connection c = dataSource.getConnection()) {
			this.h2 = c.getMetaData().getDatabaseProductName().toLowerCase().contains("h2");
		}
	}

	/** Returns once everything committed so far is on stable storage. */
	public void sync() {
		if (h2) {
			jdbc.execute("CHECKPOINT SYNC");
		}
	}
}
