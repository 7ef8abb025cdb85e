package org.andon.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bridge's meters: {@code andon_mqtt_connected} (1 while the bridge holds its broker session),
 * {@code andon_mqtt_connect_attempts_abandoned_total} (attempts the broker never answered, given up and begun again),
 * {@code andon_mqtt_presses_total{action,outcome}}, {@code andon_mqtt_presses_refused_total{device,code}} (presses
 * refused before they became a command: a bad signature, a device for another station), and per registered device
 * {@code andon_mqtt_device_online} and {@code andon_mqtt_device_disconnects_total} from the devices' status topics.
 * A device label is only ever a registered device's id ({@code unknown} otherwise), so a stranger cannot grow the
 * series.
 */
final class MqttMetrics {

	static final String UNKNOWN = "unknown";

	private final MeterRegistry meters;
	private final Map<String, AtomicInteger> online = new ConcurrentHashMap<>();
	private final Counter abandoned;

	MqttMetrics(MeterRegistry meters, BooleanSupplier connected, DeviceRegistry devices,
			java.util.function.Function<String, String> lineOf) {
		this.meters = meters;
		// the series an alert takes increase() of exist from the start at 0, so their first count is seen
		for (Device d : devices.all()) {
			refusedCounter(d, "NOT_YOUR_STATION");
			refusedCounter(d, "UNAUTHENTICATED");
			for (String station : d.stations()) {
				disconnects(lineOf.apply(station), station, d);
			}
		}
		refusedCounter(null, "UNAUTHENTICATED");
		Gauge.builder("andon.mqtt.connected", () -> connected.getAsBoolean() ? 1 : 0)
			.description("1 while the MQTT bridge is connected to its broker").register(meters);
		Gauge.builder("andon.mqtt.devices", devices::size).description("Devices in the MQTT device registry")
			.register(meters);
		abandoned = Counter.builder("andon.mqtt.connect.attempts.abandoned")
			.description("Broker connection attempts the MQTT bridge gave up unanswered (andon.mqtt.connect-timeout)")
			.register(meters);
	}

	/** The bridge gave up a connection attempt nobody answered and started afresh. */
	void attemptAbandoned() {
		abandoned.increment();
	}

	void press(String action, String outcome) {
		Counter.builder("andon.mqtt.presses").description("Button presses received over MQTT, by outcome")
			.tag("action", action).tag("outcome", outcome).register(meters).increment();
	}

	void refused(Device device, String code) {
		refusedCounter(device, code).increment();
	}

	private Counter refusedCounter(Device device, String code) {
		return Counter.builder("andon.mqtt.presses.refused")
			.description("MQTT messages refused before they became a command (authentication, wrong station)")
			.tag("device", device == null ? UNKNOWN : device.id()).tag("code", code).register(meters);
	}

	private Counter disconnects(String lineId, String stationId, Device device) {
		return Counter.builder("andon.mqtt.device.disconnects")
			.description("Times a device went offline (its will or its own goodbye)").tag("line", lineId)
			.tag("station", stationId).tag("device", device.id()).register(meters);
	}

	/** Whether the device's last status at the station said online. */
	boolean online(Device device, String stationId) {
		AtomicInteger value = online.get(device.id() + "@" + stationId);
		return value != null && value.get() == 1;
	}

	/** A status message of a device; {@code live} is false for a retained one the broker replays on subscribe. */
	void status(String lineId, String stationId, Device device, boolean isOnline, boolean live) {
		online.computeIfAbsent(device.id() + "@" + stationId, k -> {
			AtomicInteger value = new AtomicInteger();
			Gauge.builder("andon.mqtt.device.online", value, AtomicInteger::get)
				.description("1 while the device says it is connected to the broker (its will says when not)")
				.tag("line", lineId).tag("station", stationId).tag("device", device.id()).register(meters);
			return value;
		}).set(isOnline ? 1 : 0);
		if (!isOnline && live) {
			disconnects(lineId, stationId, device).increment();
		}
	}
}
