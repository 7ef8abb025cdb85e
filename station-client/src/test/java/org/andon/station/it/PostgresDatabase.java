package org.andon.station.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A fresh, empty database on the PostgreSQL server on 127.0.0.1:5432 (trust authentication, as CI starts it), for
 * line server nodes that share one database; dropped again on {@link #close()}.
 */
final class PostgresDatabase implements AutoCloseable {

	static final String SERVER = System.getProperty("andon.test.postgres", "jdbc:postgresql://127.0.0.1:5432/");
	static final String USER = System.getProperty("andon.test.postgres.user", "postgres");

	private final String name;

	private PostgresDatabase(String name) {
		this.name = name;
	}

	/** Creates a database named {@code prefix_<random>}. */
	static PostgresDatabase create(String prefix) {
		String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
			c.createStatement().execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL is needed on " + SERVER + " (user " + USER + "): "
					+ ex.getMessage() + " - .ci/run starts it; locally: pg_ctlcluster 15 main start", ex);
		}
		return new PostgresDatabase(name);
	}

	String url() {
		return SERVER + name;
	}

	String user() {
		return USER;
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), USER, "");
	}

	@Override
	public void close() {
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
			c.createStatement().execute("drop database if exists " + name + " with (force)");
		}
		catch (SQLException ex) {
			// the test is over; a database left behind is only disk space
		}
	}
}
