package org.andon.ops.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * The baseline server: the least a server must do to tell stations of an event. Plain WebSocket text frames on the
 * same Tomcat as the line server, no STOMP, no database, no JSON. A client says {@code hello INDEX} once; after
 * that each {@code cmd ID RECIPIENTS} is answered with {@code res ID} to the sender and {@code push ID} to each
 * listed client (comma-separated indexes, or {@code -}), sent session by session on the thread that read the frame.
 * Run as its own JVM, like the line server: {@code java -cp andon-simulator.jar org.andon.ops.sim.RawBroadcastServer
 * PORT}; it prints {@code READY PORT} once it listens on 127.0.0.1.
 */
public final class RawBroadcastServer {

	/** Frames about the size of the line server's: a result about 100 bytes, a HALT push about 330. */
	static final String RESULT_PAD = "r".repeat(90);
	static final String PUSH_PAD = "h".repeat(320);

	private static final Map<Integer, Session> CLIENTS = new ConcurrentHashMap<>();

	private RawBroadcastServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		Path base = Files.createTempDirectory("andon-raw-baseline");
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
		// the upgrade happens in WsFilter, which needs some servlet mapped to run in front of
		Tomcat.addServlet(context, "nothing", new HttpServlet() {
			private static final long serialVersionUID = 1L;
		});
		context.addServletMappingDecoded("/", "nothing");
		context.addServletContainerInitializer(new WsSci(), null);
		context.addServletContainerInitializer((classes, servletContext) -> {
			ServerContainer container = (ServerContainer) servletContext
				.getAttribute("jakarta.websocket.server.ServerContainer");
			try {
				container.addEndpoint(ServerEndpointConfig.Builder.create(RawEndpoint.class, "/raw").build());
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

	/** One client connection. */
	public static final class RawEndpoint extends Endpoint {

		@Override
		public void onOpen(Session session, EndpointConfig config) {
			session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> handle(session, text));
		}

		@Override
		public void onClose(Session session, CloseReason reason) {
			CLIENTS.values().remove(session);
		}

		private static void handle(Session from, String text) {
			String[] parts = text.split(" ", 3);
			if (parts[0].equals("hello")) {
				CLIENTS.put(Integer.parseInt(parts[1]), from);
				send(from, "hello " + parts[1]);
				return;
			}
			if (!parts[0].equals("cmd") || parts.length < 3) {
				return;
			}
			String id = parts[1];
			send(from, "res " + id + " " + RESULT_PAD);
			if (parts[2].equals("-")) {
				return;
			}
			String push = "push " + id + " " + PUSH_PAD;
			for (String to : parts[2].split(",")) {
				Session s = CLIENTS.get(Integer.parseInt(to));
				if (s != null) {
					send(s, push);
				}
			}
		}

		/** One writer per session at a time (Tomcat refuses concurrent writes); the floor sends session by session. */
		private static void send(Session s, String text) {
			synchronized (s) {
				try {
					if (s.isOpen()) {
						s.getBasicRemote().sendText(text);
					}
				}
				catch (IOException | IllegalStateException gone) {
					// the client went away; the baseline counts what arrives
				}
			}
		}
	}
}
