package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker that takes the bridge's TCP connection and never answers its CONNECT (half up after a restart, hung, a
 * firewall dropping replies). The MQTT client would wait for that answer without end, the bridge "connecting" for
 * good and every press unanswered; the bridge's watchdog drops the attempt after {@code andon.mqtt.connect-timeout}
 * and connects afresh, on its first connection and on a reconnect, and the presses the broker kept are answered.
 */
class MqttSilentBrokerTests {

	@Test
	void aBrokerThatTakesTheConnectionAndNeverAnswersIsLeftAndTheBridgeConnectsAfresh() throws Exception {
		Path dir = Files.createTempDirectory("andon-mqtt-silent");
		try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), Map.of("andon-line-server",
				MqttBridgeTests.BRIDGE_PASSWORD, "fa1-gateway", MqttBridgeTests.GATEWAY_PASSWORD), MqttBridgeTests.ACL);
				PageReceiver receiver = new PageReceiver(Map.of("/maintenance", CallPlant.SECRET, "/material",
						CallPlant.SECRET));
				SilentLink link = new SilentLink(broker.port(), true);
				ConfigurableApplicationContext server = start(dir, link, receiver)) {
			int port = RestartTests.port(server);
			JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);

			// the first connection: the link takes it and says nothing
			await().atMost(Duration.ofSeconds(30)).until(() -> link.held() >= 1);
			assertThat(MqttBridgeTests.metric(port, "andon_mqtt_connected", "")).isZero();
			link.answerAgain();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> MqttBridgeTests.metric(port, "andon_mqtt_connected", "") == 1.0);
			double abandoned = MqttBridgeTests.metric(port, "andon_mqtt_connect_attempts_abandoned_total", "");
			assertThat(abandoned).as("the unanswered first attempt was given up").isGreaterThanOrEqualTo(1);

			try (ButtonDevice cord = new ButtonDevice(broker.url(), "fa1-gateway", MqttBridgeTests.GATEWAY_PASSWORD,
					"WELD-CORD", MqttBridgeTests.KEYS.get("WELD-CORD"), "FA1", "WELD", "test-silent-weld-cord")) {
				cord.listen("andon/FA1/WELD/result");

				// the connection goes, and the broker's side of the link falls silent for the reconnect too
				int heldBefore = link.held();
				link.goSilent();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> MqttBridgeTests.metric(port, "andon_mqtt_connected", "") == 0.0);
				await().atMost(Duration.ofSeconds(30)).until(() -> link.held() > heldBefore);
				// a cord pulled meanwhile waits in the bridge's session at the broker
				String press = "silent-" + UUID.randomUUID();
				cord.press("FA1", "WELD", press, "CALL", null, null);

				link.answerAgain();
				JsonNode result = await().atMost(Duration.ofSeconds(30))
					.until(() -> cord.resultOf("FA1", "WELD", press), r -> r != null);
				assertThat(result.path("status").asString()).as(result.toString()).isEqualTo("ACCEPTED");
				assertThat(MqttBridgeTests.metric(port, "andon_mqtt_connected", "")).isEqualTo(1.0);
				assertThat(MqttBridgeTests.metric(port, "andon_mqtt_connect_attempts_abandoned_total", ""))
					.as("the unanswered reconnect was given up too").isGreaterThan(abandoned);
				assertThat(jdbc.queryForObject("select count(*) from event_log where type = 'INCIDENT_OPENED' "
						+ "and command_id = ?", Long.class, MqttBridgeTests.commandId("WELD-CORD", press)))
					.isEqualTo(1);
			}
		}
	}

	private static ConfigurableApplicationContext start(Path dir, SilentLink link, PageReceiver receiver)
			throws Exception {
		Path plant = CallPlant.write(dir, receiver.port());
		MutableClock clock = new MutableClock(MqttBridgeTests.MORNING);
		return new SpringApplicationBuilder(LineServerApplication.class)
			.initializers(ctx -> ((GenericApplicationContext) ctx).registerBean("clock", java.time.Clock.class,
					() -> clock))
			.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0",
					"--andon.topology=file:" + plant, "--andon.mqtt.enabled=true", "--andon.mqtt.url=" + link.url(),
					"--andon.mqtt.username=andon-line-server",
					"--andon.mqtt.password=" + MqttBridgeTests.BRIDGE_PASSWORD,
					"--andon.mqtt.devices=file:" + MqttBridgeTests.writeRegistry(dir),
					"--andon.mqtt.reconnect-delay=500ms", "--andon.mqtt.connect-timeout=2s");
	}
}
