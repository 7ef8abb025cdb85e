package org.andon.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.andon.command.CommandWriter;
import org.andon.incident.IncidentView;
import org.andon.incident.Incidents;
import org.andon.line.Line;
import org.andon.line.Topology;
import org.andon.log.EntriesCommitted;
import org.andon.log.LoggedEvent;
import org.andon.protocol.CommandResult;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.StationState;
import org.andon.silence.StationPresence;
import org.andon.stop.LineStates;
import org.andon.stop.StationView;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The line server's MQTT client. One persistent session (fixed client id, {@code cleanSession=false}) subscribed at
 * QoS 1 to every station's button and device-status topics: a press is acknowledged to the broker only after its
 * command is durably committed (or refused), so a press the bridge never finished is delivered again after a
 * reconnect, and its derived command id makes that a repeat. Each station's state goes out retained at QoS 1 on its
 * lamp topic after every commit that changes it, and all of them again after every (re)connect. Everything the
 * bridge does runs on its own thread, so the command writer only hands it events.
 */
@Component
@ConditionalOnProperty(prefix = "andon.mqtt", name = "enabled", havingValue = "true")
class MqttBridge implements SmartLifecycle, MqttCallbackExtended, StationPresence {

	private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);

	/** The log entry type of a station state change (written by the stop feature). */
	static final String STATE_CHANGED = "STATION_STATE_CHANGED";

	private static final int MAX_REPLIES_WAITING = 10_000;

	private final MqttProperties properties;
	private final Topology topology;
	private final CommandWriter writer;
	private final LineStates states;
	private final Incidents incidents;
	private final JsonMapper json;
	private final DeviceRegistry devices;
	private final PressCheck check;
	private final MqttMetrics metrics;
	private ScheduledExecutorService thread;

	// the fields below are used on the bridge's thread only
	/** Latest lamp per topic not yet handed to the client: a newer state replaces an older one still waiting. */
	private final Map<String, MqttMessage> lampsWaiting = new LinkedHashMap<>();
	private final Map<String, Long> lampSeq = new HashMap<>();
	private final Deque<Outgoing> repliesWaiting = new ArrayDeque<>();
	private boolean drainScheduled;

	/**
	 * Counts lost connections. A message is acknowledged only on the connection it came on: after a loss the broker
	 * sends it again (same press, answered as a repeat), and a packet id of the old connection means nothing now.
	 */
	private final java.util.concurrent.atomic.AtomicInteger connection = new java.util.concurrent.atomic.AtomicInteger();
	/** The bridge's thread as an executor that drops work once the bridge has stopped (never throws at the caller). */
	private final java.util.concurrent.Executor onBridge = this::onBridge;
	private volatile boolean running;
	private volatile boolean connected;
	// connection attempts, on the bridge's thread only
	/** The current attempt's number: the answer to an older one (one the watchdog dropped) is ignored. */
	private int attempt;
	/** {@code System.nanoTime()} when the current attempt began, or 0 while none waits for its answer. */
	private long attemptSince;
	/** Attempts failed in a row: the wait before the next one doubles, and not every one is logged. */
	private int failures;
	/** Whether the bridge has had its broker session since it started (a later connection is a reconnect). */
	private boolean hadSession;
	private MqttConnectOptions options;
	private MqttAsyncClient client;

	MqttBridge(MqttProperties properties, Topology topology, CommandWriter writer, LineStates states,
			Incidents incidents, JsonMapper json, io.micrometer.core.instrument.MeterRegistry meters) {
		this.properties = properties;
		this.topology = topology;
		this.writer = writer;
		this.states = states;
		this.incidents = incidents;
		this.json = json;
		this.devices = DeviceRegistry.load(properties.devices(), topology);
		this.check = new PressCheck(devices, topology, json);
		this.metrics = new MqttMetrics(meters, () -> connected, devices, s -> topology.lineOf(s).id());
	}

	@Override
	public void start() {
		try {
			client = new MqttAsyncClient(properties.url(), properties.clientId(), new MemoryPersistence());
		}
		catch (MqttException ex) {
			throw new IllegalStateException("andon.mqtt.url " + properties.url() + " cannot be used: " + ex, ex);
		}
		client.setCallback(this);
		client.setManualAcks(true);
		thread = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "mqtt-bridge");
			t.setDaemon(true);
			return t;
		});
		options = connectOptions();
		running = true;
		onBridge(this::connect);
		long every = Math.max(100, properties.connectTimeout().toMillis() / 4);
		thread.scheduleWithFixedDelay(this::watchConnection, every, every, TimeUnit.MILLISECONDS);
		log.info("MQTT bridge: {} devices registered, connecting to {} as {}", devices.size(), properties.url(),
				properties.clientId());
	}

	/**
	 * The bridge makes every connection attempt itself (Paho's automatic reconnect is off), so it always knows whether
	 * one is under way and since when: the watchdog needs that.
	 */
	private MqttConnectOptions connectOptions() {
		MqttConnectOptions o = new MqttConnectOptions();
		o.setCleanSession(false);
		o.setAutomaticReconnect(false);
		o.setKeepAliveInterval((int) properties.keepAlive().toSeconds());
		o.setConnectionTimeout((int) Math.max(1, properties.connectTimeout().toSeconds()));
		o.setMaxInflight(properties.maxInflight());
		o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
		if (properties.username() != null) {
			o.setUserName(properties.username());
		}
		if (properties.password() != null) {
			o.setPassword(properties.password().toCharArray());
		}
		return o;
	}

	/** One attempt to connect, unless one is under way; its answer comes back on the bridge's thread. */
	private void connect() {
		if (!running || client.isConnected() || attemptSince != 0) {
			return;
		}
		int mine = ++attempt;
		attemptSince = System.nanoTime();
		try {
			client.connect(options, null, new IMqttActionListener() {
				@Override
				public void onSuccess(IMqttToken token) {
					onBridge(() -> answered(mine, null));
				}

				@Override
				public void onFailure(IMqttToken token, Throwable failure) {
					onBridge(() -> answered(mine, failure));
				}
			});
		}
		catch (MqttException ex) {
			answered(mine, ex);
		}
	}

	private void answered(int which, Throwable failure) {
		if (which != attempt) {
			return;
		}
		attemptSince = 0;
		if (failure == null) {
			failures = 0;
			return;
		}
		failures++;
		long wait = Math.min(properties.reconnectDelay().toMillis(), 1000L << Math.min(failures - 1, 20));
		if (failures == 1 || failures % 20 == 0) {
			log.warn("MQTT bridge cannot connect to {} ({}); failed attempts in a row: {}; trying again every {} s at most",
					properties.url(), failure.toString(), failures, properties.reconnectDelay().toSeconds());
		}
		schedule(this::connect, wait);
	}

	/**
	 * The watchdog, every quarter of {@code andon.mqtt.connect-timeout} on the bridge's thread. Paho waits for a
	 * broker's CONNACK without end: a broker that takes the TCP connection and never answers (half up after a
	 * restart, hung, a firewall dropping replies) would keep the bridge "connecting" for good, its presses unanswered.
	 * An attempt without an answer for the timeout is dropped and a fresh one begins; the persistent session and the
	 * messages the client holds for it stay, so nothing the broker or the bridge holds is lost.
	 */
	private void watchConnection() {
		if (!running || attemptSince == 0
				|| System.nanoTime() - attemptSince < properties.connectTimeout().toNanos()) {
			return;
		}
		metrics.attemptAbandoned();
		log.warn("MQTT bridge had no answer from {} for {} s; dropping the attempt and trying again", properties.url(),
				properties.connectTimeout().toSeconds());
		attempt++;
		attemptSince = 0;
		try {
			client.disconnectForcibly(0, 0, false);
		}
		catch (MqttException ex) {
			log.debug("MQTT bridge: dropping the attempt said {}", ex.toString());
		}
		connect();
	}

	@Override
	public void connectComplete(boolean reconnect, String serverUri) {
		onBridge(() -> {
			connected = true;
			log.info("MQTT bridge {} {}", hadSession ? "reconnected to" : "connected to", serverUri);
			hadSession = true;
			try {
				String root = properties.topicRoot();
				client.subscribe(new String[] { root + "/+/+/button", root + "/+/+/device/+" }, new int[] { 1, 1 });
			}
			catch (MqttException ex) {
				log.warn("MQTT bridge could not subscribe ({}); the broker keeps the session's subscriptions", ex.toString());
			}
			// retained lamps may be gone (a broker without persistence) or stale: send every station's state again
			for (Line line : topology.allLines()) {
				for (StationView v : states.line(line.id())) {
					lamp(Lamp.of(line.id(), v.stationId(), v.state(), v.seq(), v.since()));
				}
			}
			drain();
		});
	}

	@Override
	public void connectionLost(Throwable cause) {
		connection.incrementAndGet();
		connected = false;
		log.warn("MQTT bridge lost its broker connection ({}); reconnecting", String.valueOf(cause));
		onBridge(() -> schedule(this::connect, Math.min(1000, properties.reconnectDelay().toMillis())));
	}

	@Override
	public void messageArrived(String topic, MqttMessage message) {
		// never block or throw on Paho's thread: it would hold up (or drop) the connection
		int on = connection.get();
		onBridge(() -> {
			try {
				arrived(topic, message, on);
			}
			catch (RuntimeException ex) {
				log.error("MQTT message on {} could not be handled; it comes again after a reconnect", topic, ex);
			}
		});
	}

	@Override
	public void deliveryComplete(IMqttDeliveryToken token) {
		onBridge(this::drain);
	}

	/** Runs on the bridge's thread; after {@link #stop()} nothing runs (what was not acknowledged comes again). */
	private void onBridge(Runnable task) {
		try {
			thread.execute(task);
		}
		catch (java.util.concurrent.RejectedExecutionException stopped) {
			log.debug("MQTT bridge stopped; {} not run", task);
		}
	}

	private void schedule(Runnable task, long millis) {
		if (!running) {
			return;
		}
		try {
			thread.schedule(task, millis, TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException stopped) {
			log.debug("MQTT bridge stopped; {} not scheduled", task);
		}
	}

	private void arrived(String topic, MqttMessage message, int on) {
		String[] level = topic.split("/", -1);
		if (level.length == 4 && "button".equals(level[3])) {
			press(level[1], level[2], message, on, System.nanoTime());
		}
		else if (level.length == 5 && "device".equals(level[3])) {
			status(level[1], level[2], level[4], message);
			ack(message, on);
		}
		else {
			ack(message, on);
		}
	}

	private void press(String lineId, String stationId, MqttMessage message, int on, long received) {
		PressCheck.Checked c = check.check(lineId, stationId, message.getPayload(), this::openIncidentAt);
		if (c.refusal() != null) {
			CommandResult result = writer.refuse(c.commandId(), c.refusal(), typeOf(c.action()), received);
			metrics.refused(c.device(), c.refusal().code().name());
			metrics.press(c.actionLabel(), "rejected");
			log.warn("MQTT press {} from device '{}' on {}/{} refused: {} ({})", printable(c.pressId()),
					printable(c.deviceClaimed()), printable(lineId), printable(stationId), c.refusal().code(),
					printable(c.refusal().message()));
			reply(c, result);
			ack(message, on);
			return;
		}
		writer.submit(c.actor(), c.request()).whenCompleteAsync((result, failure) -> {
			if (result == null || result.code() == ErrorCode.INTERNAL_ERROR) {
				// not stored: try the same press (same command id) again rather than lose it
				log.warn("MQTT press {} of device {} was not stored ({}); trying it again", c.pressId(),
						c.device().id(), result == null ? String.valueOf(failure) : result.message());
				schedule(() -> press(lineId, stationId, message, on, received), 1000);
				return;
			}
			metrics.press(c.actionLabel(), result.duplicate() ? "duplicate" : result.status().name().toLowerCase());
			reply(c, result);
			ack(message, on);
		}, onBridge);
	}

	/** The incident an ACK at a station answers: its oldest open one nobody has acknowledged yet, else its oldest. */
	private Long openIncidentAt(String stationId) {
		String lineId = topology.lineOf(stationId).id();
		return incidents.list(lineId, true, 0, 500).stream().filter(i -> stationId.equals(i.stationId()))
			.sorted(Comparator.comparing((IncidentView i) -> i.acknowledgedAt() != null)
				.thenComparing(IncidentView::openedAt).thenComparingLong(IncidentView::id))
			.map(IncidentView::id).findFirst().orElse(null);
	}

	private void status(String lineId, String stationId, String deviceId, MqttMessage message) {
		Device device = devices.device(deviceId).orElse(null);
		boolean onLine = topology.station(stationId).map(s -> topology.lineOf(s.id()).id().equals(lineId))
			.orElse(false);
		if (device == null || !onLine || !device.mayPressFor(stationId)) {
			String code = device == null ? ErrorCode.UNAUTHENTICATED.name() : ErrorCode.NOT_YOUR_STATION.name();
			metrics.refused(device, code);
			log.warn("MQTT status of device '{}' on {}/{} refused: {}", printable(deviceId), printable(lineId),
					printable(stationId), code);
			return;
		}
		String text = new String(message.getPayload(), StandardCharsets.UTF_8).trim();
		boolean online = "online".equalsIgnoreCase(text);
		if (!online && !"offline".equalsIgnoreCase(text)) {
			metrics.refused(device, ErrorCode.INVALID_FIELD.name());
			log.warn("MQTT status of device {} is '{}', neither online nor offline", deviceId, printable(text));
			return;
		}
		metrics.status(lineId, stationId, device, online, !message.isRetained());
		if (!online && !message.isRetained()) {
			log.info("MQTT device {} at {}/{} went offline", deviceId, lineId, stationId);
		}
	}

	private void ack(MqttMessage message, int on) {
		if (on != connection.get() || !client.isConnected()) {
			return; // the broker sends it again on the new connection, and the repeat is answered as one
		}
		try {
			client.messageArrivedComplete(message.getId(), message.getQos());
		}
		catch (MqttException ex) {
			log.debug("acknowledgement of message {} not sent ({}); it comes again", message.getId(), ex.toString());
		}
	}

	private void reply(PressCheck.Checked c, CommandResult result) {
		String topic = properties.topicRoot() + "/" + c.lineId() + "/" + c.stationId() + "/result";
		MqttMessage m = new MqttMessage(json.writeValueAsBytes(PressReply.of(c.pressId(), c.deviceClaimed(), result)));
		m.setQos(1);
		if (repliesWaiting.size() >= MAX_REPLIES_WAITING) {
			repliesWaiting.poll();
		}
		repliesWaiting.add(new Outgoing(topic, m));
		drain();
	}

	@EventListener
	void on(EntriesCommitted committed) {
		if (!running) {
			return;
		}
		for (LoggedEvent e : committed.events()) {
			if (STATE_CHANGED.equals(e.type())) {
				Lamp lamp = Lamp.of(e.lineId(), e.stationId(), StationState.valueOf(e.text("to")), e.seq(),
						e.occurredAt());
				onBridge(() -> {
					lamp(lamp);
					drain();
				});
			}
		}
	}

	/** Queues a station's lamp unless a newer state of it was already queued or sent. */
	private void lamp(Lamp lamp) {
		if (lamp.seq() < lampSeq.getOrDefault(lamp.stationId(), Long.MIN_VALUE)) {
			return;
		}
		lampSeq.put(lamp.stationId(), lamp.seq());
		MqttMessage m = new MqttMessage(json.writeValueAsBytes(lamp));
		m.setQos(1);
		m.setRetained(true);
		lampsWaiting.put(properties.topicRoot() + "/" + lamp.lineId() + "/" + lamp.stationId() + "/lamp", m);
	}

	/** Hands waiting replies, then lamps, to the client until it has as many in flight as it may. */
	private void drain() {
		if (!client.isConnected()) {
			return;
		}
		while (!repliesWaiting.isEmpty()) {
			if (!send(repliesWaiting.peek().topic(), repliesWaiting.peek().message())) {
				return;
			}
			repliesWaiting.poll();
		}
		for (Iterator<Map.Entry<String, MqttMessage>> it = lampsWaiting.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, MqttMessage> next = it.next();
			if (!send(next.getKey(), next.getValue())) {
				return;
			}
			it.remove();
		}
	}

	private boolean send(String topic, MqttMessage message) {
		try {
			client.publish(topic, message);
			return true;
		}
		catch (MqttException ex) {
			if (ex.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT && !drainScheduled) {
				drainScheduled = true;
				schedule(() -> {
					drainScheduled = false;
					drain();
				}, 20);
			}
			// not connected: the next connection sends every lamp again and drains the replies
			return false;
		}
	}

	/** Text from a device as it may go into the log: no line breaks or control characters, at most 200 characters. */
	static String printable(String s) {
		if (s == null) {
			return null;
		}
		String clean = s.replaceAll("\\p{Cntrl}", "?");
		return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
	}

	private static CommandType typeOf(String action) {
		return switch (action == null ? "" : action) {
			case "CALL" -> CommandType.CALL;
			case "STOP" -> CommandType.STOP;
			case "ACK" -> CommandType.ACKNOWLEDGE;
			default -> null;
		};
	}

	@Override
	public void stop() {
		running = false;
		connection.incrementAndGet();
		thread.shutdown();
		try {
			thread.awaitTermination(5, TimeUnit.SECONDS);
			if (client.isConnected()) {
				client.disconnect(Duration.ofSeconds(2).toMillis()).waitForCompletion(3_000);
			}
			else {
				// an attempt may be under way, and a client that is connecting cannot be closed
				client.disconnectForcibly(0, 0, false);
			}
			client.close(true);
		}
		catch (MqttException ex) {
			log.debug("MQTT bridge closed with {}", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		connected = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * A station is present while one of its own devices (not a responder's) said "online" and its will has not said
	 * otherwise; with the bridge away from the broker nothing is known, so nothing counts.
	 */
	@Override
	public boolean present(String stationId) {
		return connected && devices.all().stream()
			.anyMatch(d -> d.person() == null && d.mayPressFor(stationId) && metrics.online(d, stationId));
	}

	/** Starts after the command writer (which starts early) and stops before it, so no press meets a closed writer. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	private record Outgoing(String topic, MqttMessage message) {
	}
}
