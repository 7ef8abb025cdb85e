package org.andon;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh, empty database on the PostgreSQL server on 127.0.0.1:5432 (trust authentication, as CI starts it), so the
 * same scenarios that run on H2 run on PostgreSQL with the same Flyway migrations.
 */
public final class PostgresDatabase {

	static final String SERVER = System.getProperty("andon.test.postgres", "jdbc:postgresql://127.0.0.1:5432/");
	public static final String USER = System.getProperty("andon.test.postgres.user", "postgres");

	private PostgresDatabase() {
	}

	/** Creates a new database and returns its JDBC URL. */
	public static String create() {
		String name = "andon_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
			c.createStatement().execute("create database " + name);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL is needed on " + SERVER + " (user " + USER + "): "
					+ ex.getMessage() + " - .ci/run starts it; locally: pg_ctlcluster 15 main start", ex);
		}
		return SERVER + name;
	}

	private static void drop(String name) {
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
			c.createStatement().execute("drop database if exists " + name + " with (force)");
		}
		catch (SQLException ex) {
			// the test run is over; a database left behind is only disk space
		}
	}

	/** Points a {@link LineServerTestSupport} test at a new PostgreSQL database. */
	static void register(DynamicPropertyRegistry registry) {
		String url = create();
		registry.add("andon.test.datasource-url", () -> url);
		registry.add("andon.test.datasource-user", () -> USER);
	}
}
