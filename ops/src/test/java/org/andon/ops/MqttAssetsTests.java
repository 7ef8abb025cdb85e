package org.andon.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.andon.testsupport.LineServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT assets in ops/mosquitto: a real Mosquitto started with the shipped configuration and ACL (only its paths
 * and port rewritten), the real line server jar with its bridge on and the shipped device registry, and presses and
 * lamps through Mosquitto's own command-line clients as the users the ACL names. The alert rules of the andon-mqtt
 * and andon-silence groups are checked here against this server's scrape (the shared live scrape has neither).
 */
class MqttAssetsTests {

	static final Map<String, String> PASSWORDS = Map.of("andon-line-server", "bridge-pw-1", "fa1-gateway",
			"gateway-pw-1", "weld-cord", "weld-cord-pw-1", "weld-lamp", "weld-lamp-pw-1");

	static Path dir;
	static Process broker;
	static int brokerPort;
	static LineServerProcess server;

	@BeforeAll
	static void start() throws Exception {
		dir = Files.createTempDirectory("andon-ops-mqtt");
		brokerPort = LineServerProcess.freePort();
		Path passwords = dir.resolve("andon.passwd");
		Files.writeString(passwords, "");
		for (Map.Entry<String, String> u : PASSWORDS.entrySet()) {
			run("mosquitto_passwd", "-b", passwords.toString(), u.getKey(), u.getValue());
		}
		Files.createDirectories(dir.resolve("data"));
		String conf = Files.readString(OpsFiles.asset("mosquitto/mosquitto.conf"));
		assertThat(conf).contains("listener 1883\n", "/etc/mosquitto/andon.passwd", "/etc/mosquitto/andon.acl",
				"/var/lib/mosquitto/");
		conf = conf.replace("listener 1883\n", "listener " + brokerPort + " 127.0.0.1\n")
			.replace("/etc/mosquitto/andon.passwd", passwords.toString())
			.replace("/etc/mosquitto/andon.acl", OpsFiles.asset("mosquitto/andon.acl").toString())
			.replace("/var/lib/mosquitto/", dir.resolve("data") + "/")
			// started as root (CI) it would switch to the mosquitto user, who cannot read the test's folder
			+ "\nuser " + System.getProperty("user.name") + "\nlog_dest file " + dir.resolve("mosquitto.log")
			+ "\nlog_type all\n";
		Files.writeString(dir.resolve("mosquitto.conf"), conf);
		broker = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
			.redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			assertThat(broker.isAlive()).as(Files.readString(dir.resolve("mosquitto.out"))).isTrue();
			return Files.exists(dir.resolve("mosquitto.log"))
					&& Files.readString(dir.resolve("mosquitto.log")).contains("Opening ipv4 listen socket");
		});
		int port = LineServerProcess.freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of(LineServerProcess.FAST_START, "-Xmx384m"));
		command.addAll(List.of("-jar", OpsFiles.lineServerJar().toString(), "--server.port=" + port,
				"--spring.datasource.url=jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0",
				"--andon.mqtt.enabled=true", "--andon.mqtt.url=tcp://127.0.0.1:" + brokerPort,
				"--andon.mqtt.username=andon-line-server", "--andon.mqtt.password=" + PASSWORDS.get("andon-line-server"),
				"--andon.mqtt.devices=file:" + OpsFiles.asset("mosquitto/devices.example.yml"),
				// the silent-station watch too, for its alert's metrics (long enough that nothing opens here)
				"--andon.silence.after=8h"));
		server = LineServerProcess.start(command, dir, Map.of(), port, dir.resolve("line-server.log"));
		await().atMost(Duration.ofSeconds(30)).until(() -> scrape().sum("andon_mqtt_connected") == 1.0);
	}

	@AfterAll
	static void stop() throws Exception {
		if (server != null) {
			server.close();
		}
		if (broker != null) {
			broker.destroy();
			broker.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aPressThroughTheShippedBrokerSetupCallsForHelpAndTheLampShowsIt() throws Exception {
		assertThat(lamp("weld-lamp", "WELD")).contains("\"state\":\"RUNNING\"");
		press("weld-cord", "WELD", "WELD-CORD", "demo-weld-cord-key-change-me", "ops-1", "CALL");
		await().atMost(Duration.ofSeconds(30)).until(() -> lamp("weld-lamp", "WELD").contains("\"state\":\"CALLING\""));
		assertThat(lamp("weld-lamp", "WELD")).contains("\"colour\":\"YELLOW\"", "\"pattern\":\"BLINK\"");
		await().until(() -> scrape().sum("andon_mqtt_presses_total") >= 1);
	}

	@Test
	void theShippedAclKeepsADeviceUserToItsOwnStation() throws Exception {
		// signed correctly for PAINT with PAINT-CORD's key, but weld-cord's broker user may only write WELD's button
		press("weld-cord", "PAINT", "PAINT-CORD", "demo-paint-cord-key-change-me", "ops-denied", "CALL");
		await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("mosquitto.log"))
			.contains("Denied PUBLISH from ops-weld-cord"));
		// and a lamp user may not listen to another station's lamp
		Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(brokerPort), "-u",
				"weld-lamp", "-P", PASSWORDS.get("weld-lamp"), "-t", "andon/FA1/PAINT/lamp", "-C", "1", "-W", "3")
			.redirectErrorStream(true).start();
		String heard = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		sub.waitFor(10, TimeUnit.SECONDS);
		assertThat(heard).doesNotContain("\"state\"");
		assertThat(server.get("/api/lines/FA1", "lead")).contains("\"stationId\":\"PAINT\"");
		assertThat(lamp("fa1-gateway", "PAINT")).as("nothing reached PAINT").contains("\"state\":\"RUNNING\"");
	}

	@Test
	void theMqttAndSilenceAlertRulesNameOnlyMetricsALineServerWithBothExposes() throws Exception {
		Exposition scrape = scrape();
		List<String> exprs = new ArrayList<>();
		for (Object group : Yaml.list(Yaml.load(OpsFiles.asset("prometheus/andon-rules.yml")).get("groups"))) {
			if (Set.of("andon-mqtt", "andon-silence").contains(Yaml.map(group).get("name"))) {
				for (Object rule : Yaml.list(Yaml.map(group).get("rules"))) {
					exprs.add((String) Yaml.map(rule).get("expr"));
				}
			}
		}
		assertThat(exprs).hasSize(PrometheusAssetsTests.MQTT_ALERTS.size());
		for (String expr : exprs) {
			assertThat(scrape.problems(expr, Set.of())).as(expr).isEmpty();
		}
	}

	static Exposition scrape() {
		return Exposition.parse(server.get(LineServerJob.METRICS_PATH, null));
	}

	/** The retained lamp of a station as a user hears it on subscribing (empty if nothing came). */
	static String lamp(String user, String station) throws Exception {
		Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(brokerPort), "-u",
				user, "-P", PASSWORDS.get(user), "-t", "andon/FA1/" + station + "/lamp", "-C", "1", "-W", "5")
			.redirectErrorStream(true).start();
		String out = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		sub.waitFor(10, TimeUnit.SECONDS);
		return out;
	}

	/** A signed press (docs/protocol.md §12.2) published at QoS 1 with mosquitto_pub as a broker user. */
	static void press(String user, String station, String device, String key, String pressId, String action)
			throws Exception {
		String signed = String.join("|", pressId, device, "FA1", station, action, "", "", "");
		String body = "{\"pressId\":\"" + pressId + "\",\"device\":\"" + device + "\",\"action\":\"" + action
				+ "\",\"sig\":\"" + hmac(key, signed) + "\"}";
		run("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(brokerPort), "-u", user, "-P",
				PASSWORDS.get(user), "-i", "ops-" + user, "-q", "1", "-t", "andon/FA1/" + station + "/button", "-m",
				body);
	}

	static String hmac(String key, String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
	}

	static void run(String... command) throws Exception {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
		assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
	}
}
