package org.andon.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.StationSession;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The systemd unit and environment files in ops/systemd agree with each other and with the backup scripts, the unit
 * is hardened, and the PostgreSQL example runs the server on PostgreSQL. (BackupRestoreTests runs the unit's
 * ExecStart with the H2 environment file.)
 */
class SystemdUnitTests {

	private final SystemdService unit = SystemdService.unit(OpsFiles.asset(Installation.UNIT));

	@Test
	void theServerRunsAsItsOwnUserFromItsStateDirectoryAndIsRestartedOnFailure() {
		assertThat(unit.get("Service", "User")).isEqualTo("andon");
		assertThat(unit.get("Service", "Group")).isEqualTo("andon");
		assertThat(unit.get("Service", "StateDirectory")).isEqualTo("andon");
		assertThat(unit.get("Service", "WorkingDirectory")).isEqualTo("/var/lib/andon");
		assertThat(unit.get("Service", "EnvironmentFile")).isEqualTo("/etc/andon/line-server.env");
		assertThat(unit.get("Service", "ExecStart")).isEqualTo("/usr/bin/java $JAVA_OPTS -jar /opt/andon/line-server.jar");
		assertThat(unit.get("Service", "Restart")).isEqualTo("on-failure");
		assertThat(unit.get("Service", "SuccessExitStatus")).as("SIGTERM is a clean stop").isEqualTo("143");
		assertThat(unit.get("Install", "WantedBy")).isEqualTo("multi-user.target");
	}

	@Test
	void theServiceIsHardened() {
		Map<String, String> expected = Map.ofEntries(Map.entry("NoNewPrivileges", "yes"),
				Map.entry("ProtectSystem", "strict"), Map.entry("ProtectHome", "yes"), Map.entry("PrivateTmp", "yes"),
				Map.entry("PrivateDevices", "yes"), Map.entry("ProtectKernelTunables", "yes"),
				Map.entry("ProtectKernelModules", "yes"), Map.entry("ProtectControlGroups", "yes"),
				Map.entry("RestrictSUIDSGID", "yes"), Map.entry("CapabilityBoundingSet", ""),
				Map.entry("SystemCallFilter", "@system-service"), Map.entry("UMask", "0027"));
		expected.forEach((key, value) -> assertThat(unit.get("Service", key)).as(key).isEqualTo(value));
	}

	/** ProtectSystem=strict leaves only the StateDirectory writable: the H2 file must be inside it. */
	@Test
	void theH2DatabaseIsWhereTheHardenedServiceMayWriteAndWhereTheBackupScriptsLook() throws Exception {
		String url = SystemdService.environment(OpsFiles.asset("systemd/andon-line-server.env"))
			.get("SPRING_DATASOURCE_URL");
		assertThat(url).startsWith("jdbc:h2:file:/var/lib/" + unit.get("Service", "StateDirectory") + "/")
			.as("durable commits").contains(";WRITE_DELAY=0");
		String database = url.substring("jdbc:h2:file:".length(), url.indexOf(';'));
		for (String script : List.of("backup-h2", "restore-h2")) {
			String text = Files.readString(OpsFiles.asset("bin/" + script));
			assertThat(defaultOf(text, "ANDON_DB")).as(script).isEqualTo(database);
			assertThat(defaultOf(text, "ANDON_JAR")).as(script).isEqualTo("/opt/andon/line-server.jar");
			assertThat(Files.isExecutable(OpsFiles.asset("bin/" + script))).as(script + " is executable").isTrue();
		}
	}

	/**
	 * The PostgreSQL example runs the line server on PostgreSQL: started by the unit's ExecStart with that
	 * environment file, only pointed at a fresh database on the PostgreSQL CI runs (as its superuser: trust
	 * authentication), it creates its schema, accepts commands and keeps an intact log.
	 */
	@Test
	void thePostgreSqlExampleRunsTheLineServerOnPostgreSql(@TempDir Path root) throws Exception {
		String database = Postgres.createDatabase();
		try {
			Installation installed = Installation.of(root, "andon-line-server.postgresql.env");
			String example = installed.env.get("SPRING_DATASOURCE_URL");
			assertThat(example).isEqualTo("jdbc:postgresql://db.plant.example:5432/andon");
			installed.env.put("SPRING_DATASOURCE_URL", Postgres.SERVER + database);
			installed.env.put("SPRING_DATASOURCE_USERNAME", Postgres.USER);
			try (LineServerProcess server = installed.start("postgresql.log")) {
				assertThat(Files.readString(root.resolve("logs/postgresql.log")))
					.contains("Database: " + Postgres.SERVER + database + " (PostgreSQL");
				try (StationSession frame = StationSession.station(server.port(), "FRAME")) {
					frame.accepted("type", "RECEIVE", "stationId", "FRAME", "partSerial", "PG-1");
					frame.accepted("type", "STOP", "stationId", "FRAME", "reason", "MATERIAL");
				}
				JsonNode log = StationSession.JSON.readTree(server.get("/api/log/verify", "quality"));
				assertThat(log.path("intact").asBoolean()).as(log.toString()).isTrue();
				assertThat(log.path("entriesChecked").asLong()).isGreaterThanOrEqualTo(2);
			}
		}
		finally {
			Postgres.dropDatabase(database);
		}
	}

	private static String defaultOf(String script, String variable) {
		Matcher m = Pattern.compile("\\$\\{" + variable + ":-([^}]*)}").matcher(script);
		assertThat(m.find()).as(variable + " default").isTrue();
		return m.group(1);
	}
}
