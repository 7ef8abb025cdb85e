package org.andon.ops;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.fail;

/**
 * Fresh databases on the PostgreSQL server at 127.0.0.1:5432 that CI starts (trust authentication on loopback), for
 * running the line server with the PostgreSQL example environment.
 */
final class Postgres {

	static final String SERVER = System.getProperty("andon.test.postgres", "jdbc:postgresql://127.0.0.1:5432/");
	static final String USER = System.getProperty("andon.test.postgres.user", "postgres");

	private Postgres() {
	}

	/** Creates an empty database and returns its name. */
	static String createDatabase() {
		String name = "andon_ops_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute("create database " + name);
		return name;
	}

	static void dropDatabase(String name) {
		execute("drop database if exists " + name + " with (force)");
	}

	private static void execute(String sql) {
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
			c.createStatement().execute(sql);
		}
		catch (SQLException ex) {
			fail("PostgreSQL is needed on " + SERVER + " (user " + USER + ", trust authentication): " + ex.getMessage()
					+ " - .ci/run starts it; locally: pg_ctlcluster 15 main start");
		}
	}
}
