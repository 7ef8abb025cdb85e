package org.andon;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;
import org.andon.testsupport.StationSession;

/**
 * A PLC gateway or IoT button as a plant wires one: its own broker user and a persistent session (fixed client id,
 * QoS 1, presses buffered while the broker is away), a will that says "offline" on its status topic, and presses
 * signed with the device's key as docs/protocol.md describes. Collects what it hears on the topics it subscribes to.
 */
final class ButtonDevice implements AutoCloseable {

	/** One message heard, with whether the broker sent it as retained. */
	record Heard(String topic, JsonNode body, boolean retained) {
	}

	/** How long the device stays without its broker before it drops an attempt nobody answers and starts afresh. */
	static final Duration UNANSWERED = Duration.ofSeconds(5);

	final List<Heard> heard = new CopyOnWriteArrayList<>();
	private final MqttAsyncClient client;
	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "button-device-watchdog");
		t.setDaemon(true);
		return t;
	});
	private volatile long downSince = System.nanoTime();
	private volatile long lastRestart = downSince;
	/** A cut cable stays cut: the watchdog leaves the device offline. */
	private volatile boolean cut;
	private final String device;
	private final String key;
	private final String statusTopic;

	ButtonDevice(String url, String brokerUser, String brokerPassword, String device, String key, String lineId,
			String stationId, String clientId) throws Exception {
		this.device = device;
		this.key = key;
		this.statusTopic = "andon/" + lineId + "/" + stationId + "/device/" + device;
		client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
		client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallbackExtended() {
			@Override
			public void connectionLost(Throwable cause) {
				downSince = System.nanoTime();
			}

			@Override
			public void connectComplete(boolean reconnect, String serverURI) {
			}

			@Override
			public void messageArrived(String topic, MqttMessage message) {
				heard.add(new Heard(topic, StationSession.JSON.readTree(message.getPayload()), message.isRetained()));
			}

			@Override
			public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
			}
		});
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(false);
		options.setAutomaticReconnect(true);
		options.setMaxReconnectDelay(1000);
		options.setUserName(brokerUser);
		options.setPassword(brokerPassword.toCharArray());
		options.setWill(statusTopic, "offline".getBytes(StandardCharsets.UTF_8), 1, true);
		client.connect(options).waitForCompletion(10_000);
		DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
		buffer.setBufferEnabled(true);
		buffer.setBufferSize(1000);
		buffer.setDeleteOldestMessages(false);
		client.setBufferOpts(buffer);
		client.publish(statusTopic, "online".getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(10_000);
		watchdog.scheduleWithFixedDelay(this::watchConnection, 1, 1, TimeUnit.SECONDS);
	}

	/**
	 * As a gateway's firmware would: Paho waits for a CONNACK without end, so an attempt that met a broker going down
	 * (or one that never answers) is dropped and begun again; the session and the presses the client holds stay.
	 */
	private void watchConnection() {
		long now = System.nanoTime();
		if (cut || client.isConnected() || now - Math.max(downSince, lastRestart) < UNANSWERED.toNanos()) {
			return;
		}
		lastRestart = now;
		try {
			client.disconnectForcibly(0, 0, false);
			client.reconnect();
		}
		catch (MqttException ex) {
			// an attempt the client began by itself meanwhile: looked at again in a while
		}
	}

	void listen(String topicFilter) throws Exception {
		client.subscribe(topicFilter, 1).waitForCompletion(10_000);
	}

	/**
	 * Publishes a signed press on a station's button topic (QoS 1) and returns at once; while the broker is away the
	 * client buffers it and sends it on reconnect.
	 */
	void press(String lineId, String stationId, String pressId, String action, String callType, String reason)
			throws Exception {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("pressId", pressId);
		body.put("device", device);
		body.put("action", action);
		body.put("callType", callType);
		body.put("reason", reason);
		String signed = String.join("|", pressId, device, lineId, stationId, action, callType == null ? "" : callType,
				reason == null ? "" : reason, "");
		body.put("sig", PageReceiver.hmac(key, signed));
		publish("andon/" + lineId + "/" + stationId + "/button", StationSession.JSON.writeValueAsBytes(body));
	}

	void publish(String topic, byte[] payload) throws Exception {
		client.publish(topic, payload, 1, false);
	}

	/** What was heard on one topic, in order. */
	List<JsonNode> on(String topic) {
		return heard.stream().filter(h -> h.topic().equals(topic)).map(Heard::body).toList();
	}

	/** The result for a press id, or null while none has come. */
	JsonNode resultOf(String lineId, String stationId, String pressId) {
		return on("andon/" + lineId + "/" + stationId + "/result").stream()
			.filter(r -> pressId.equals(r.path("pressId").asString(null))).findFirst().orElse(null);
	}

	/** Drops the connection without a DISCONNECT, as a cut cable does: the broker then publishes the will. */
	void cutCable() throws Exception {
		cut = true;
		client.disconnectForcibly(0, 1000, false);
	}

	boolean connected() {
		return client.isConnected();
	}

	@Override
	public void close() throws Exception {
		watchdog.shutdownNow();
		if (client.isConnected()) {
			client.disconnect().waitForCompletion(5_000);
		}
		else {
			// an attempt may be under way, and a client that is connecting cannot be closed
			client.disconnectForcibly(0, 0, false);
		}
		client.close(true);
	}
}
