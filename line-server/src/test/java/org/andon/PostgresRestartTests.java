package org.andon;


/** A restart keeps state, log and idempotency on PostgreSQL too. */
class PostgresRestartTests extends RestartTests {

	@Override
	protected String databaseUrl() {
		return PostgresDatabase.create();
	}

	@Override
	protected String databaseUser() {
		return "postgres";
	}
}
