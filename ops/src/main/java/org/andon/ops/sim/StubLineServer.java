package org.andon.ops.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * A stand-in for the line server that answers the protocol at once, from memory, with no database, no rules and no
 * sign-in check ({@code --stub-server}): what the simulator's own cost at a high rate is measured against, since the
 * real server cannot take that rate yet. Every command is ACCEPTED with the next seq and published as one entry to
 * its line's topic; a PASS pushes PART_INCOMING to the next station of the line, a REJECT PART_REJECTED to the one
 * before, a STOP a STATE to the stopped station and a HALT and a STATE to each station after it, a RESUME the STATEs
 * back. Its figures say nothing about the line server. Run as its own JVM: {@code java -cp andon-simulator.jar
 * org.andon.ops.sim.StubLineServer PORT}; it prints {@code READY PORT} once it listens on 127.0.0.1.
 */
public final class StubLineServer {

	private static final Map<String, Client> STATIONS = new ConcurrentHashMap<>();
	private static final Map<String, List<Client>> BOARDS = new ConcurrentHashMap<>();
	private static final Map<Long, String> STOPS = new ConcurrentHashMap<>();
	private static final AtomicLong SEQ = new AtomicLong();
	private static final AtomicLong MESSAGE_IDS = new AtomicLong();
	private static final String AT = "2026-01-01T00:00:00.000Z";

	private StubLineServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		Path base = Files.createTempDirectory("andon-stub-server");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (java.util.stream.Stream<Path> files = Files.walk(base)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
			}
			catch (IOException ex) {
				// left in the temporary folder
			}
		}, "delete-work-folder"));
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(base.toString());
		Connector connector = new Connector();
		connector.setPort(port);
		connector.setProperty("address", "127.0.0.1");
		tomcat.getService().addConnector(connector);
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", base.toString());
		Tomcat.addServlet(context, "nothing", new HttpServlet() {
			private static final long serialVersionUID = 1L;
		});
		context.addServletMappingDecoded("/", "nothing");
		context.addServletContainerInitializer(new WsSci(), null);
		context.addServletContainerInitializer((classes, servletContext) -> {
			ServerContainer container = (ServerContainer) servletContext
				.getAttribute("jakarta.websocket.server.ServerContainer");
			try {
				container.addEndpoint(ServerEndpointConfig.Builder.create(StompEndpoint.class, "/ws")
					.subprotocols(List.of("v12.stomp", "v11.stomp", "v10.stomp")).build());
			}
			catch (jakarta.websocket.DeploymentException ex) {
				throw new jakarta.servlet.ServletException(ex);
			}
		}, null);
		tomcat.start();
		System.out.println("READY " + port);
		System.out.flush();
		tomcat.getServer().await();
	}

	/** One session: who signed in, and its subscription ids by destination. */
	static final class Client {

		final Session session;
		volatile String login = "";
		final Map<String, String> subscriptions = new ConcurrentHashMap<>();

		Client(Session session) {
			this.session = session;
		}

		void message(String destination, String body) {
			String id = subscriptions.get(destination);
			if (id != null) {
				send("MESSAGE\ndestination:" + destination + "\nsubscription:" + id + "\nmessage-id:"
						+ MESSAGE_IDS.incrementAndGet() + "\ncontent-type:application/json\n\n" + body + "\0");
			}
		}

		/** One writer per session at a time: Tomcat refuses concurrent writes. */
		void send(String frame) {
			synchronized (session) {
				try {
					if (session.isOpen()) {
						session.getBasicRemote().sendText(frame);
					}
				}
				catch (IOException | IllegalStateException gone) {
					// the client went away
				}
			}
		}
	}

	/** The STOMP endpoint: one frame per WebSocket message, as the simulator's clients send them. */
	public static final class StompEndpoint extends Endpoint {

		@Override
		public void onOpen(Session session, EndpointConfig config) {
			Client client = new Client(session);
			session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> frame(client, text));
		}

		@Override
		public void onClose(Session session, CloseReason reason) {
			STATIONS.values().removeIf(c -> c.session == session);
			BOARDS.values().forEach(l -> l.removeIf(c -> c.session == session));
		}

		private static void frame(Client client, String text) {
			int start = 0;
			while (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
				start++;
			}
			int headersEnd = text.indexOf("\n\n", start);
			if (headersEnd < 0) {
				return;
			}
			String[] head = text.substring(start, headersEnd).split("\n");
			Map<String, String> headers = new java.util.HashMap<>();
			for (int i = 1; i < head.length; i++) {
				int colon = head[i].indexOf(':');
				if (colon > 0) {
					headers.putIfAbsent(head[i].substring(0, colon), head[i].substring(colon + 1));
				}
			}
			int end = text.indexOf('\0', headersEnd);
			String body = text.substring(headersEnd + 2, end < 0 ? text.length() : end);
			switch (head[0]) {
				case "CONNECT", "STOMP" -> {
					client.login = headers.getOrDefault("login", "");
					client.send("CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0");
				}
				case "SUBSCRIBE" -> subscribe(client, headers.get("destination"), headers.get("id"));
				case "SEND" -> {
					String destination = headers.getOrDefault("destination", "");
					if (destination.equals("/app/commands")) {
						command(client, body);
					}
					else if (destination.equals("/app/sync")) {
						client.message("/user/queue/sync", "{\"upTo\":" + SEQ.get() + ",\"entries\":[]}");
					}
				}
				default -> {
					// DISCONNECT and the rest: nothing to answer
				}
			}
		}

		private static void subscribe(Client client, String destination, String id) {
			if (destination == null || id == null) {
				return;
			}
			client.subscriptions.put(destination, id);
			if (destination.startsWith("/topic/line.")) {
				BOARDS.computeIfAbsent(destination.substring("/topic/line.".length()),
						l -> new CopyOnWriteArrayList<>()).add(client);
			}
			else if (destination.equals("/user/queue/station") && client.login.matches("L\\d+-S\\d+")) {
				STATIONS.put(client.login, client);
				client.message(destination, "{\"type\":\"STATE\",\"seq\":" + SEQ.get() + ",\"stationId\":\""
						+ client.login + "\",\"data\":{\"stationId\":\"" + client.login + "\",\"state\":\"RUNNING\"}}");
			}
		}

		private static void command(Client from, String body) {
			long seq = SEQ.incrementAndGet();
			String commandId = LeanJson.string(body, "commandId");
			String type = String.valueOf(LeanJson.string(body, "type"));
			String station = LeanJson.string(body, "stationId");
			String serial = LeanJson.string(body, "partSerial");
			from.message("/user/queue/results", "{\"commandId\":\"" + commandId + "\",\"status\":\"ACCEPTED\",\"seq\":"
					+ seq + ",\"duplicate\":false}");
			if (type.equals("RESUME")) {
				station = STOPS.remove(LeanJson.number(body, "stopId", -1));
			}
			if (station == null || !station.matches("L\\d+-S\\d+")) {
				return;
			}
			String line = station.substring(0, station.indexOf('-'));
			int position = Integer.parseInt(station.substring(station.indexOf("-S") + 2));
			entry(line, seq, commandId, type, station, serial);
			switch (type) {
				case "PASS" -> push(id(line, position + 1), "PART_INCOMING", seq, serial, "{\"from\":\"" + station
						+ "\"}");
				case "REJECT" -> push(id(line, position - 1), "PART_REJECTED", seq, serial, "{\"customer\":\""
						+ station + "\",\"defectCode\":\"" + Plant.DEFECT + "\",\"note\":null,\"handOffId\":" + seq
						+ "}");
				case "STOP" -> {
					STOPS.put(seq, station);
					push(station, "STATE", seq, null, "{\"from\":\"RUNNING\",\"to\":\"STOPPED\",\"stopId\":" + seq + "}");
					String halt = "{\"stopId\":" + seq + ",\"stoppedStation\":\"" + station + "\",\"reason\":\"QUALITY\","
							+ "\"defectCode\":null,\"note\":\"simulated stop\",\"startedAt\":\"" + AT
							+ "\",\"startedBy\":\"" + station + "\"}";
					for (int p = position + 1; STATIONS.containsKey(id(line, p)); p++) {
						push(id(line, p), "HALT", seq, null, halt);
						push(id(line, p), "STATE", seq, null, "{\"from\":\"RUNNING\",\"to\":\"HALTED\",\"stopId\":" + seq
								+ "}");
					}
				}
				case "RESUME" -> {
					for (int p = position; STATIONS.containsKey(id(line, p)); p++) {
						push(id(line, p), "STATE", seq, null, "{\"from\":\"" + (p == position ? "STOPPED" : "HALTED")
								+ "\",\"to\":\"RUNNING\",\"stopId\":" + seq + "}");
					}
				}
				default -> {
					// RECEIVE, ACCEPT, CLEAR_DEFECT: the result and the entry are all
				}
			}
		}

		private static String id(String line, int position) {
			return String.format(java.util.Locale.ROOT, "%s-S%02d", line, position);
		}

		private static void push(String to, String type, long seq, String serial, String data) {
			Client c = STATIONS.get(to);
			if (c != null) {
				c.message("/user/queue/station", "{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"at\":\"" + AT
						+ "\",\"stationId\":\"" + to + "\"" + (serial == null ? "" : ",\"partSerial\":\"" + serial + "\"")
						+ ",\"data\":" + data + "}");
			}
		}

		/** One log entry per command to the line's boards, about the size of the real server's. */
		private static void entry(String line, long seq, String commandId, String type, String station, String serial) {
			List<Client> boards = BOARDS.get(line);
			if (boards == null || boards.isEmpty()) {
				return;
			}
			String kind = type.equals("STOP") ? "STOP_STARTED" : type;
			String body = "{\"seq\":" + seq + ",\"occurredAt\":\"" + AT + "\",\"lineId\":\"" + line
					+ "\",\"stationId\":\"" + station + "\",\"actor\":\"" + station + "\",\"commandId\":\"" + commandId
					+ "\",\"type\":\"" + kind + "\",\"partSerial\":" + (serial == null ? "null" : "\"" + serial + "\"")
					+ ",\"data\":{\"note\":null}}";
			for (Client b : boards) {
				b.message("/topic/line." + line, body);
			}
		}
	}
}
