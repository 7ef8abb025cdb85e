package org.andon.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.andon.line.Topology;
import org.andon.line.TopologyLoader;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules a press must pass before it becomes a command, and the device registry's checks, on the demo plant:
 * every bad press gets its own clear code, a signature binds every field and the topic's station, and a registry
 * that cannot be right stops start-up naming the problem.
 */
class PressCheckTests {

	static final Topology PLANT = TopologyLoader.load(new ClassPathResource("demo-plant.yml"));
	static final JsonMapper JSON = JsonMapper.builder().build();
	static final String WELD_KEY = "weld-cord-key-0123456789";

	final PressCheck check = new PressCheck(registry("""
			devices:
			  - { id: WELD-CORD, station: WELD, key: weld-cord-key-0123456789, callType: maintenance }
			  - { id: TECH-BADGE, person: tech, stations: [WELD], key: tech-badge-key-0123456789 }
			"""), PLANT, JSON);

	@Test
	void aSignedPressFromTheStationsDeviceBecomesTheStationsCommandWithADerivedId() {
		PressCheck.Checked c = check(Map.of("pressId", "p-1", "device", "WELD-CORD", "action", "CALL"), WELD_KEY,
				"WELD");
		assertThat(c.refusal()).isNull();
		assertThat(c.request().type()).isEqualTo(CommandType.CALL);
		assertThat(c.request().callType()).as("the device's registered call type").isEqualTo("MAINTENANCE");
		assertThat(c.request().stationId()).isEqualTo("WELD");
		assertThat(c.actor().stationId()).isEqualTo("WELD");
		assertThat(c.request().commandId()).isEqualTo(PressCheck.commandId("WELD-CORD", "p-1"))
			.isEqualTo(check(Map.of("pressId", "p-1", "device", "WELD-CORD", "action", "CALL"), WELD_KEY, "WELD")
				.request().commandId())
			.isNotEqualTo(PressCheck.commandId("WELD-CORD", "p-2"));
	}

	@Test
	void aRespondersDeviceActsAsThatPersonAndAcknowledgesTheStationsOpenIncident() {
		PressCheck.Checked c = new PressCheck(registry("""
				devices:
				  - { id: TECH-BADGE, person: tech, stations: [WELD], key: tech-badge-key-0123456789 }
				"""), PLANT, JSON).check("FA1", "WELD", signed(Map.of("pressId", "a-1", "device", "TECH-BADGE",
				"action", "ACK"), "tech-badge-key-0123456789", "WELD"), station -> 77L);
		assertThat(c.request().type()).isEqualTo(CommandType.ACKNOWLEDGE);
		assertThat(c.request().incidentId()).isEqualTo(77L);
		assertThat(c.actor().name()).isEqualTo("tech");
		assertThat(c.actor().isStation()).isFalse();
	}

	@Test
	void everyBadPressIsRefusedWithItsOwnCode() {
		assertThat(refusal(check.check("FA1", "WELD", utf8("not json"), s -> null))).isEqualTo(ErrorCode.MALFORMED_JSON);
		assertThat(refusal(check.check("FA1", "WELD", utf8("[1,2]"), s -> null))).isEqualTo(ErrorCode.MALFORMED_JSON);
		assertThat(refusal(check.check("FA1", "WELD", new byte[5000], s -> null)))
			.isEqualTo(ErrorCode.FRAME_TOO_LARGE);
		assertThat(refusal(check(Map.of("device", "WELD-CORD", "action", "CALL"), WELD_KEY, "WELD")))
			.isEqualTo(ErrorCode.MISSING_FIELD);
		assertThat(refusal(check(Map.of("pressId", "has space", "device", "WELD-CORD", "action", "CALL"), WELD_KEY,
				"WELD"))).isEqualTo(ErrorCode.INVALID_FIELD);
		assertThat(refusal(check(Map.of("pressId", "p", "device", "NOBODY", "action", "CALL"), WELD_KEY, "WELD")))
			.isEqualTo(ErrorCode.UNAUTHENTICATED);
		assertThat(refusal(check(Map.of("pressId", "p", "device", "WELD-CORD", "action", "JUMP"), WELD_KEY, "WELD")))
			.isEqualTo(ErrorCode.UNKNOWN_TYPE);
		assertThat(check(Map.of("pressId", "p", "device", "WELD-CORD", "action", "STOP"), WELD_KEY, "WELD").request()
			.reason()).as("no reason here nor in the registry: the command rules refuse it as MISSING_FIELD").isNull();
		assertThat(refusal(check(Map.of("pressId", "p", "device", "WELD-CORD", "action", "STOP", "reason", "BORED"),
				WELD_KEY, "WELD"))).isEqualTo(ErrorCode.INVALID_FIELD);
		assertThat(refusal(check.check("FA1", "WELD", signed(Map.of("pressId", "p", "device", "TECH-BADGE", "action",
				"ACK"), "tech-badge-key-0123456789", "WELD"), s -> null))).isEqualTo(ErrorCode.NOTHING_TO_ACKNOWLEDGE);
		assertThat(refusal(check.check("FA2", "WELD", signed(Map.of("pressId", "p", "device", "WELD-CORD", "action",
				"CALL"), WELD_KEY, "WELD", "FA2"), s -> null))).as("WELD is not on FA2")
			.isEqualTo(ErrorCode.UNKNOWN_STATION);
	}

	@Test
	void theSignatureBindsEveryFieldAndTheTopicsStation() {
		Map<String, String> press = Map.of("pressId", "p-9", "device", "WELD-CORD", "action", "CALL", "callType",
				"help");
		byte[] good = signed(press, WELD_KEY, "WELD");
		assertThat(check.check("FA1", "WELD", good, s -> null).refusal()).isNull();
		// the same bytes replayed on PAINT's topic
		assertThat(refusal(check.check("FA1", "PAINT", good, s -> null))).isEqualTo(ErrorCode.UNAUTHENTICATED);
		// a field changed after signing
		String altered = new String(good, StandardCharsets.UTF_8).replace("\"help\"", "\"safety\"");
		assertThat(refusal(check.check("FA1", "WELD", utf8(altered), s -> null))).isEqualTo(ErrorCode.UNAUTHENTICATED);
		// signed with another key
		assertThat(refusal(check(press, "another-key-0123456789", "WELD"))).isEqualTo(ErrorCode.UNAUTHENTICATED);
	}

	@Test
	void aDeviceSignedCorrectlyForAnotherStationIsNotYourStation() {
		PressCheck.Checked c = check(Map.of("pressId", "p", "device", "WELD-CORD", "action", "CALL"), WELD_KEY,
				"PAINT");
		assertThat(c.refusal().code()).isEqualTo(ErrorCode.NOT_YOUR_STATION);
		assertThat(c.refusal().message()).contains("WELD-CORD", "WELD", "PAINT");
		assertThat(c.device().id()).as("counted against the registered device").isEqualTo("WELD-CORD");
	}

	@Test
	void aRegistryThatCannotBeRightStopsStartUpNamingTheProblem() {
		assertThatThrownBy(() -> registry("devices:\n  - { id: X, station: NOWHERE, key: 0123456789abcdef }\n"))
			.hasMessageContaining("devices.yml").hasMessageContaining("NOWHERE");
		assertThatThrownBy(() -> registry("devices:\n  - { id: X, station: WELD, key: short }\n"))
			.hasMessageContaining("key of at least 16");
		assertThatThrownBy(() -> registry("""
				devices:
				  - { id: X, station: WELD, key: 0123456789abcdef }
				  - { id: X, station: PAINT, key: 0123456789abcdef }
				""")).hasMessageContaining("listed twice");
		assertThatThrownBy(() -> registry("devices:\n  - { id: X, person: nobody, station: WELD, key: 0123456789abcdef }\n"))
			.hasMessageContaining("nobody");
		assertThatThrownBy(() -> registry("devices:\n  - { id: X, station: WELD, key: 0123456789abcdef, callType: coffee }\n"))
			.hasMessageContaining("coffee");
		assertThatThrownBy(() -> registry("stations: []\n")).hasMessageContaining("'devices'");
	}

	private PressCheck.Checked check(Map<String, String> fields, String key, String station) {
		return check.check("FA1", station, signed(fields, key, station), s -> null);
	}

	private static ErrorCode refusal(PressCheck.Checked c) {
		return c.refusal() == null ? null : c.refusal().code();
	}

	static byte[] signed(Map<String, String> fields, String key, String station) {
		return signed(fields, key, station, "FA1");
	}

	/** Signs as docs/protocol.md §12.2 says, written out again here rather than calling the code under test. */
	static byte[] signed(Map<String, String> fields, String key, String station, String line) {
		Map<String, String> body = new LinkedHashMap<>(fields);
		String text = String.join("|", fields.getOrDefault("pressId", ""), fields.getOrDefault("device", ""), line,
				station, fields.getOrDefault("action", ""), fields.getOrDefault("callType", ""),
				fields.getOrDefault("reason", ""), fields.getOrDefault("defectCode", ""));
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			body.put("sig", java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return JSON.writeValueAsBytes(body);
	}

	private static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static DeviceRegistry registry(String yaml) {
		return DeviceRegistry.load(new ByteArrayResource(utf8(yaml), "devices.yml"), PLANT);
	}
}
