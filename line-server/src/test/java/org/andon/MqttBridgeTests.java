package org.andon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Andon cords, buttons and stack lights over MQTT: a real Mosquitto of the test's own (users, ACLs, persistence),
 * a real line server with the bridge on (the call plant, a clock the test holds still), devices that are real MQTT
 * clients with persistent sessions, and real STOMP sessions for the people who answer.
 */
class MqttBridgeTests {

	static final Instant MORNING = Instant.parse("2026-11-27T08:00:00Z"); // 09:00 in Berlin: the day shift

	static final String BRIDGE_PASSWORD = "bridge-password-1";
	static final String GATEWAY_PASSWORD = "gateway-password-1";
	static final String PANEL_PASSWORD = "panel-password-1";

	static final Map<String, String> KEYS = Map.of("WELD-CORD", "weld-cord-key-0123456789", "WELD-STOP",
			"weld-stop-key-0123456789", "FRAME-CORD", "frame-cord-key-0123456789", "PAINT-CORD",
			"paint-cord-key-0123456789", "TECH1-BADGE", "tech1-badge-key-0123456789");

	static final String ACL = """
			# the line server's bridge
			user andon-line-server
			topic read andon/+/+/button
			topic read andon/+/+/device/+
			topic write andon/+/+/lamp
			topic write andon/+/+/result

			# a gateway wired to every station of line FA1
			user fa1-gateway
			topic write andon/FA1/+/button
			topic write andon/FA1/+/device/+
			topic read andon/FA1/+/lamp
			topic read andon/FA1/+/result

			# FRAME's own panel: FRAME's topics only
			user frame-panel
			topic write andon/FA1/FRAME/button
			topic write andon/FA1/FRAME/device/+
			topic read andon/FA1/FRAME/#
			""";

	static final HttpClient HTTP = HttpClient.newHttpClient();
	static final AtomicInteger CLIENTS = new AtomicInteger();

	static Mosquitto broker;
	static PageReceiver receiver;
	static ConfigurableApplicationContext server;
	static MutableClock clock = new MutableClock(MORNING);
	static int port;
	static JdbcTemplate jdbc;
	static final List<ButtonDevice> devices = new ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		Path dir = Files.createTempDirectory("andon-mqtt");
		broker = new Mosquitto(dir.resolve("broker"), Map.of("andon-line-server", BRIDGE_PASSWORD, "fa1-gateway",
				GATEWAY_PASSWORD, "frame-panel", PANEL_PASSWORD), ACL);
		receiver = new PageReceiver(Map.of("/maintenance", CallPlant.SECRET, "/material", CallPlant.SECRET));
		Path plant = CallPlant.write(dir, receiver.port());
		Path registry = writeRegistry(dir);
		server = new SpringApplicationBuilder(LineServerApplication.class)
			.initializers(ctx -> ((GenericApplicationContext) ctx).registerBean("clock", java.time.Clock.class,
					() -> clock))
			.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0",
					"--andon.topology=file:" + plant, "--andon.escalation.tick=50ms", "--andon.paging.poll=50ms",
					"--andon.mqtt.enabled=true", "--andon.mqtt.url=" + broker.url(),
					"--andon.mqtt.username=andon-line-server", "--andon.mqtt.password=" + BRIDGE_PASSWORD,
					"--andon.mqtt.devices=file:" + registry, "--andon.mqtt.reconnect-delay=500ms",
					// dozens of presses page the lead within minutes: no flood bundling here, every page is looked at
					"--andon.alarms.flood-alarms=100000");
		port = RestartTests.port(server);
		jdbc = server.getBean(JdbcTemplate.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> metric("andon_mqtt_connected", "") == 1.0);
	}

	@AfterAll
	static void stop() throws Exception {
		server.close();
		broker.close();
		receiver.close();
	}

	@AfterEach
	void closeEverything() throws Exception {
		try {
			for (ButtonDevice d : devices) {
				d.close();
			}
		}
		finally {
			// a device that failed to close must not fail the next test's clean-up too
			devices.clear();
		}
		List<Long> open = jdbc.queryForList("select id from incident where status <> 'RESOLVED'", Long.class);
		try (StationSession admin = StationSession.person(port, "admin", "FA1")) {
			for (long id : open) {
				LineServerTestSupport.assertAccepted(admin.command("type", "RESOLVE", "incidentId", id, "cause",
						"test over", "countermeasure", "none"));
			}
		}
		assertThat(jdbc.queryForList("select state from station_status", String.class)).containsOnly("RUNNING");
	}

	@Test
	void aCordPullCallsForHelpPagesTheShiftLeadAndIsAnsweredOnTheResultTopic() throws Exception {
		try (StationSession lead = StationSession.person(port, "lead", "FA1")) {
			ButtonDevice cord = device("fa1-gateway", GATEWAY_PASSWORD, "WELD-CORD", "WELD");
			cord.listen("andon/FA1/WELD/result");
			String press = "weld-cord-" + UUID.randomUUID();

			cord.press("FA1", "WELD", press, "CALL", null, null);

			JsonNode result = await().atMost(Duration.ofSeconds(30))
				.until(() -> cord.resultOf("FA1", "WELD", press), r -> r != null);
			assertThat(result.path("status").asString()).as(result.toString()).isEqualTo("ACCEPTED");
			assertThat(result.path("duplicate").asBoolean()).isFalse();
			assertThat(result.path("device").asString()).isEqualTo("WELD-CORD");
			assertThat(stateOf("WELD")).isEqualTo("CALLING");
			long incident = jdbc.queryForObject("select id from incident where station_id = 'WELD' and status = 'OPEN'",
					Long.class);
			assertThat(jdbc.queryForObject("select call_type from incident where id = ?", String.class, incident))
				.as("the device's registered call type").isEqualToIgnoringCase("maintenance");
			await().untilAsserted(() -> assertThat(lead.pages).as("the shift lead hears of the call")
				.anySatisfy(p -> assertThat(p.path("incident").path("incidentId").asLong()).isEqualTo(incident)));

			// the broker delivers the same press again (a resend after a lost PUBACK): a repeat, nothing new
			cord.press("FA1", "WELD", press, "CALL", null, null);
			await().atMost(Duration.ofSeconds(30)).until(() -> results(cord, "WELD", press).size() == 2);
			assertThat(results(cord, "WELD", press).get(1).path("duplicate").asBoolean()).isTrue();
			assertThat(jdbc.queryForObject("select count(*) from event_log where type = 'INCIDENT_OPENED' "
					+ "and command_id = ?", Long.class, commandId("WELD-CORD", press))).isEqualTo(1);

			// the technician's badge: "on my way" for the call at the station it is pressed at
			ButtonDevice badge = device("fa1-gateway", GATEWAY_PASSWORD, "TECH1-BADGE", "WELD");
			badge.listen("andon/FA1/WELD/result");
			String ack = "badge-" + UUID.randomUUID();
			badge.press("FA1", "WELD", ack, "ACK", null, null);
			JsonNode acknowledged = await().atMost(Duration.ofSeconds(30))
				.until(() -> badge.resultOf("FA1", "WELD", ack), r -> r != null);
			assertThat(acknowledged.path("status").asString()).as(acknowledged.toString()).isEqualTo("ACCEPTED");
			assertThat(jdbc.queryForObject("select acknowledged_by from incident where id = ?", String.class,
					incident)).isEqualTo("tech1");
		}
	}

	@Test
	void theRetainedLampFollowsTheStationFromCallingToStoppedToHaltedDownstreamAndBackToRunning() throws Exception {
		try (StationSession lead = StationSession.person(port, "lead", "FA1");
				StationSession tech = StationSession.person(port, "tech1", "FA1")) {
			ButtonDevice lamps = device("fa1-gateway", GATEWAY_PASSWORD, "WELD-CORD", "WELD");
			lamps.listen("andon/FA1/+/lamp");
			await().until(() -> lastLamp(lamps, "WELD") != null && lastLamp(lamps, "PAINT") != null);
			assertThat(lastLamp(lamps, "WELD").path("state").asString()).isEqualTo("RUNNING");
			assertThat(lastLamp(lamps, "WELD").path("green").asString()).isEqualTo("ON");

			lamps.press("FA1", "WELD", "call-" + UUID.randomUUID(), "CALL", null, null);
			await().until(() -> "CALLING".equals(lastLamp(lamps, "WELD").path("state").asString()));
			JsonNode calling = lastLamp(lamps, "WELD");
			assertThat(calling.path("colour").asString()).isEqualTo("YELLOW");
			assertThat(calling.path("pattern").asString()).isEqualTo("BLINK");
			assertThat(calling.path("yellow").asString()).isEqualTo("BLINK");

			ButtonDevice stopCord = device("fa1-gateway", GATEWAY_PASSWORD, "WELD-STOP", "WELD");
			stopCord.press("FA1", "WELD", "stop-" + UUID.randomUUID(), "STOP", null, null);
			await().until(() -> "STOPPED".equals(lastLamp(lamps, "WELD").path("state").asString())
					&& "HALTED".equals(lastLamp(lamps, "PAINT").path("state").asString())
					&& "HALTED".equals(lastLamp(lamps, "PACK").path("state").asString()));
			assertThat(lastLamp(lamps, "WELD").path("colour").asString()).isEqualTo("RED");
			assertThat(lastLamp(lamps, "WELD").path("pattern").asString()).isEqualTo("STEADY");
			assertThat(lastLamp(lamps, "PAINT").path("pattern").asString()).isEqualTo("ALTERNATE");
			assertThat(lastLamp(lamps, "FRAME").path("state").asString()).as("upstream keeps running")
				.isEqualTo("RUNNING");

			// a lamp that comes on now (a replaced stack light) is told at once: the state is retained
			ButtonDevice newLamp = device("fa1-gateway", GATEWAY_PASSWORD, "PAINT-CORD", "PAINT");
			newLamp.listen("andon/FA1/PAINT/lamp");
			await().until(() -> !newLamp.heard.isEmpty());
			assertThat(newLamp.heard.get(0).retained()).isTrue();
			assertThat(newLamp.heard.get(0).body().path("state").asString()).isEqualTo("HALTED");

			long stop = jdbc.queryForObject("select id from line_stop where station_id = 'WELD' and ended_at is null",
					Long.class);
			LineServerTestSupport.assertAccepted(lead.command("type", "RESUME", "stopId", stop));
			long call = jdbc.queryForObject("select id from incident where station_id = 'WELD' and kind = 'CALL' "
					+ "and status <> 'RESOLVED'", Long.class);
			LineServerTestSupport.assertAccepted(tech.command("type", "ACKNOWLEDGE", "incidentId", call));
			LineServerTestSupport.assertAccepted(tech.command("type", "CONTAIN", "incidentId", call));
			await().until(() -> "RUNNING".equals(lastLamp(lamps, "WELD").path("state").asString())
					&& "RUNNING".equals(lastLamp(lamps, "PAINT").path("state").asString()));

			assertThat(lampStates(lamps, "WELD")).containsSubsequence("RUNNING", "CALLING", "STOPPED", "CALLING",
					"RUNNING");
			assertThat(lampStates(lamps, "PAINT")).containsSubsequence("RUNNING", "HALTED", "RUNNING");
			List<Long> seqs = lamps.on("andon/FA1/WELD/lamp").stream().map(l -> l.path("seq").asLong()).toList();
			assertThat(seqs).as("a lamp never goes back to an older state").isSorted();
		}
	}

	@Test
	void aDevicePressingForAnotherStationIsRefusedCountedAndAnswered() throws Exception {
		double before = metric("andon_mqtt_presses_refused_total",
				"code=\"NOT_YOUR_STATION\",device=\"FRAME-CORD\"");
		ButtonDevice frameCord = device("fa1-gateway", GATEWAY_PASSWORD, "FRAME-CORD", "FRAME");
		frameCord.listen("andon/FA1/WELD/result");
		String press = "frame-cord-" + UUID.randomUUID();

		frameCord.press("FA1", "WELD", press, "STOP", null, "QUALITY");

		JsonNode result = await().atMost(Duration.ofSeconds(30))
			.until(() -> frameCord.resultOf("FA1", "WELD", press), r -> r != null);
		assertThat(result.path("status").asString()).isEqualTo("REJECTED");
		assertThat(result.path("code").asString()).isEqualTo("NOT_YOUR_STATION");
		assertThat(result.path("message").asString()).contains("FRAME-CORD", "FRAME", "WELD");
		await().until(() -> metric("andon_mqtt_presses_refused_total",
				"code=\"NOT_YOUR_STATION\",device=\"FRAME-CORD\"") == before + 1);
		assertThat(metric("andon_commands_refused_total", "code=\"NOT_YOUR_STATION\"")).isPositive();

		// a press whose signature is not the device's (a forged or corrupted message)
		String forged = "forged-" + UUID.randomUUID();
		frameCord.publish("andon/FA1/WELD/button", ("{\"pressId\":\"" + forged + "\",\"device\":\"WELD-CORD\","
				+ "\"action\":\"STOP\",\"reason\":\"QUALITY\",\"sig\":\"" + "0".repeat(64) + "\"}")
			.getBytes(StandardCharsets.UTF_8));
		JsonNode unsigned = await().atMost(Duration.ofSeconds(30))
			.until(() -> frameCord.resultOf("FA1", "WELD", forged), r -> r != null);
		assertThat(unsigned.path("code").asString()).isEqualTo("UNAUTHENTICATED");

		// the broker's ACL is the first wall: FRAME's panel cannot publish on WELD's topic at all
		ButtonDevice panel = device("frame-panel", PANEL_PASSWORD, "FRAME-CORD", "FRAME");
		panel.listen("andon/FA1/FRAME/result");
		String dropped = "dropped-" + UUID.randomUUID();
		panel.press("FA1", "WELD", dropped, "STOP", null, "QUALITY");
		String marker = "marker-" + UUID.randomUUID();
		panel.press("FA1", "FRAME", marker, "CALL", null, null);
		await().atMost(Duration.ofSeconds(30)).until(() -> panel.resultOf("FA1", "FRAME", marker) != null);
		assertThat(frameCord.resultOf("FA1", "WELD", dropped)).as("the broker dropped it").isNull();

		assertThat(stateOf("WELD")).as("nothing reached WELD").isEqualTo("RUNNING");
		for (String refused : List.of(commandId("FRAME-CORD", press), commandId("WELD-CORD", forged),
				commandId("FRAME-CORD", dropped))) {
			assertThat(jdbc.queryForObject("select count(*) from command_record where command_id = ?", Long.class,
					refused)).isZero();
			assertThat(jdbc.queryForObject("select count(*) from event_log where command_id = ?", Long.class,
					refused)).isZero();
		}
	}

	@Test
	void aDeviceThatKeepsDroppingOffTheBrokerIsCountedForTheFlappingAlert() throws Exception {
		String labels = "device=\"PAINT-CORD\",line=\"FA1\",station=\"PAINT\"";
		double before = metric("andon_mqtt_device_disconnects_total", labels);
		org.andon.silence.StationPresence presence = server.getBean(org.andon.silence.StationPresence.class);
		for (int i = 0; i < 3; i++) {
			ButtonDevice cord = new ButtonDevice(broker.url(), "fa1-gateway", GATEWAY_PASSWORD, "PAINT-CORD",
					KEYS.get("PAINT-CORD"), "FA1", "PAINT", "test-flap-" + CLIENTS.incrementAndGet());
			await().until(() -> metric("andon_mqtt_device_online", labels) == 1.0);
			assertThat(presence.present("PAINT")).as("a station device online makes the station present").isTrue();
			cord.cutCable();
			await().until(() -> metric("andon_mqtt_device_online", labels) == 0.0);
			assertThat(presence.present("PAINT")).isFalse();
			cord.close();
		}
		await().until(() -> metric("andon_mqtt_device_disconnects_total", labels) == before + 3);
	}

	@Test
	void aBrokerRestartWhileADeviceKeepsPressingLosesNoPressAndDoublesNone() throws Exception {
		ButtonDevice cord = device("fa1-gateway", GATEWAY_PASSWORD, "WELD-CORD", "WELD");
		cord.listen("andon/FA1/WELD/result");
		int presses = 30;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < presses; i++) {
			ids.add("restart-" + i + "-" + UUID.randomUUID());
		}
		AtomicInteger sent = new AtomicInteger();
		ScheduledExecutorService presser = Executors.newSingleThreadScheduledExecutor();
		try {
			presser.scheduleAtFixedRate(() -> {
				int i = sent.get();
				if (i < presses) {
					try {
						cord.press("FA1", "WELD", ids.get(i), "CALL", null, null);
						sent.incrementAndGet();
					}
					catch (Exception ex) {
						// a press the client could not even buffer is pressed again on the next tick, same id
					}
				}
			}, 0, 100, TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= 8);
			broker.stop();
			int atStop = sent.get();
			await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= atStop + 6);
			int whileDown = sent.get() - atStop;
			broker.start();
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(ids.stream().filter(id -> cord.resultOf("FA1", "WELD", id) == null))
					.as("presses without an answer (device connected: %s, bridge connected: %s)", cord.connected(),
							metric("andon_mqtt_connected", ""))
					.isEmpty());
			assertThat(whileDown).as("presses made while the broker was down").isGreaterThanOrEqualTo(6);
		}
		finally {
			presser.shutdownNow();
		}
		for (String id : ids) {
			assertThat(cord.resultOf("FA1", "WELD", id).path("status").asString()).as(id).isEqualTo("ACCEPTED");
		}
		List<String> commandIds = ids.stream().map(id -> commandId("WELD-CORD", id)).toList();
		String in = String.join(",", commandIds.stream().map(c -> "'" + c + "'").toList());
		assertThat(jdbc.queryForObject("select count(*) from command_record where command_id in (" + in + ")",
				Long.class)).as("every press applied").isEqualTo(presses);
		assertThat(jdbc.queryForObject("select count(*) from event_log where type = 'INCIDENT_OPENED' and command_id in ("
				+ in + ")", Long.class)).as("each press opened exactly one call").isEqualTo(presses);
		await().atMost(Duration.ofSeconds(30)).until(() -> metric("andon_mqtt_connected", "") == 1.0);
	}

	/**
	 * The line server's side of the persistent session: presses the broker took while the bridge was away (a line
	 * server restart, a network cut between the two) wait in the bridge's session and are applied when it is back.
	 */
	@Test
	void pressesTheBrokerTookWhileTheBridgeWasAwayAreAppliedWhenItComesBack() throws Exception {
		ButtonDevice cord = device("fa1-gateway", GATEWAY_PASSWORD, "WELD-CORD", "WELD");
		cord.listen("andon/FA1/WELD/result");
		org.springframework.context.SmartLifecycle bridge = server.getBean("mqttBridge",
				org.springframework.context.SmartLifecycle.class);
		bridge.stop();
		await().until(() -> metric("andon_mqtt_connected", "") == 0.0);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add("away-" + i + "-" + UUID.randomUUID());
			cord.press("FA1", "WELD", ids.get(i), "CALL", null, null);
		}
		bridge.start();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ids.stream().allMatch(id -> cord.resultOf("FA1", "WELD", id) != null));
		for (String id : ids) {
			assertThat(cord.resultOf("FA1", "WELD", id).path("status").asString()).as(id).isEqualTo("ACCEPTED");
			assertThat(jdbc.queryForObject("select count(*) from event_log where type = 'INCIDENT_OPENED' "
					+ "and command_id = ?", Long.class, commandId("WELD-CORD", id))).isEqualTo(1);
		}
	}

	private static ButtonDevice device(String user, String password, String device, String station)
			throws Exception {
		ButtonDevice d = new ButtonDevice(broker.url(), user, password, device, KEYS.get(device), "FA1", station,
				"test-" + device + "-" + CLIENTS.incrementAndGet());
		devices.add(d);
		return d;
	}

	private static List<JsonNode> results(ButtonDevice d, String station, String pressId) {
		return d.on("andon/FA1/" + station + "/result").stream()
			.filter(r -> pressId.equals(r.path("pressId").asString(null))).toList();
	}

	private static JsonNode lastLamp(ButtonDevice d, String station) {
		List<JsonNode> lamps = d.on("andon/FA1/" + station + "/lamp");
		return lamps.isEmpty() ? null : lamps.get(lamps.size() - 1);
	}

	private static List<String> lampStates(ButtonDevice d, String station) {
		return d.on("andon/FA1/" + station + "/lamp").stream().map(l -> l.path("state").asString()).toList();
	}

	private static String stateOf(String station) {
		List<String> s = jdbc.queryForList("select state from station_status where station_id = ?", String.class,
				station);
		return s.isEmpty() ? "RUNNING" : s.get(0);
	}

	/** The device registry of these tests (the keys in {@link #KEYS}). */
	static Path writeRegistry(Path dir) throws Exception {
		Path registry = dir.resolve("devices.yml");
		Files.writeString(registry, """
				devices:
				  - { id: WELD-CORD,   station: WELD,  key: weld-cord-key-0123456789, callType: maintenance }
				  - { id: WELD-STOP,   station: WELD,  key: weld-stop-key-0123456789, reason: maintenance }
				  - { id: FRAME-CORD,  station: FRAME, key: frame-cord-key-0123456789, callType: material }
				  - { id: PAINT-CORD,  station: PAINT, key: paint-cord-key-0123456789, callType: maintenance }
				  - { id: TECH1-BADGE, person: tech1, stations: [FRAME, WELD, PAINT, PACK], key: tech1-badge-key-0123456789 }
				""");
		return registry;
	}

	/** The command id a press stands for, as docs/protocol.md defines it. */
	static String commandId(String device, String pressId) {
		return UUID.nameUUIDFromBytes(("mqtt/" + device + "/" + pressId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	/** A series' value in the line server's scrape (0 when absent); {@code labels} as Prometheus prints them. */
	static double metric(String name, String labels) throws Exception {
		return metric(port, name, labels);
	}

	/** A series' value in the scrape of the line server on {@code port}. */
	static double metric(int port, String name, String labels) throws Exception {
		String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
				+ "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
		Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + (labels.isEmpty() ? "(\\{[^}]*\\})?"
				: "\\{" + Pattern.quote(labels) + "[^}]*\\}") + " (\\S+)$").matcher(scrape);
		double sum = 0;
		while (m.find()) {
			sum += Double.parseDouble(m.group(m.groupCount()));
		}
		return sum;
	}
}
