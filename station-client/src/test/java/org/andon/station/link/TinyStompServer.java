package org.andon.station.link;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket server speaking just enough STOMP for one link: it answers the handshake and CONNECT, hands the test
 * the frames the client sends, and sends the frames the test gives it, each as one unfragmented text message (as the
 * line server does). Plain JDK sockets, so the test depends on nothing the client uses.
 */
final class TinyStompServer implements AutoCloseable {

	private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final ServerSocket server;
	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
	private final Thread reader;
	private volatile Socket socket;

	TinyStompServer() throws IOException {
		server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		reader = new Thread(this::serve, "tiny-stomp-server");
		reader.setDaemon(true);
		reader.start();
	}

	URI uri() {
		return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws");
	}

	/** The next STOMP frame the client sent (its text, NUL included). */
	String nextFrame() throws InterruptedException {
		String frame = received.poll(10, TimeUnit.SECONDS);
		if (frame == null) {
			throw new AssertionError("the client sent no frame within 10 s");
		}
		return frame;
	}

	/** Waits for the client's SUBSCRIBE to {@code destination} and returns its subscription id. */
	String subscription(String destination) throws InterruptedException {
		while (true) {
			String frame = nextFrame();
			if (frame.startsWith("SUBSCRIBE\n") && frame.contains("\ndestination:" + destination + "\n")) {
				Matcher id = Pattern.compile("\nid:([^\n]*)\n").matcher(frame);
				if (id.find()) {
					return id.group(1);
				}
			}
		}
	}

	/** A MESSAGE frame on a subscription, built so that the whole frame is {@code frameBytes} bytes long. */
	static String message(String subscription, String destination, int frameBytes) {
		String head = "MESSAGE\ndestination:" + destination + "\nsubscription:" + subscription
				+ "\nmessage-id:1\ncontent-type:application/json\ncontent-length:";
		// the body's length has as many digits as the frame's, give or take one: try both
		for (int digits = 1; digits <= 10; digits++) {
			int body = frameBytes - head.length() - digits - "\n\n".length() - 1;
			if (body > 8 && Integer.toString(body).length() == digits) {
				String json = "{\"x\":\"" + "a".repeat(body - 8) + "\"}";
				return head + body + "\n\n" + json + "\0";
			}
		}
		throw new IllegalArgumentException("no frame of " + frameBytes + " bytes");
	}

	/** Sends one STOMP frame as one unmasked, unfragmented text message. */
	synchronized void send(String frame) throws IOException {
		byte[] payload = frame.getBytes(StandardCharsets.UTF_8);
		OutputStream out = socket.getOutputStream();
		out.write(0x81);
		if (payload.length < 126) {
			out.write(payload.length);
		}
		else if (payload.length <= 0xFFFF) {
			out.write(126);
			out.write(payload.length >>> 8);
			out.write(payload.length);
		}
		else {
			out.write(127);
			long length = payload.length;
			for (int shift = 56; shift >= 0; shift -= 8) {
				out.write((int) (length >>> shift));
			}
		}
		out.write(payload);
		out.flush();
	}

	private void serve() {
		try {
			socket = server.accept();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			String key = handshakeKey(in);
			String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
				.digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
			socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			while (true) {
				int first = in.readUnsignedByte();
				int second = in.readUnsignedByte();
				long length = second & 0x7F;
				if (length == 126) {
					length = in.readUnsignedShort();
				}
				else if (length == 127) {
					length = in.readLong();
				}
				byte[] mask = new byte[4];
				in.readFully(mask);
				byte[] payload = new byte[(int) length];
				in.readFully(payload);
				for (int i = 0; i < payload.length; i++) {
					payload[i] ^= mask[i % 4];
				}
				int opcode = first & 0x0F;
				if (opcode == 0x8) {
					return;
				}
				if (opcode == 0x1) {
					String frame = new String(payload, StandardCharsets.UTF_8);
					received.add(frame);
					if (frame.startsWith("CONNECT\n") || frame.startsWith("STOMP\n")) {
						send("CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0");
					}
				}
			}
		}
		catch (Exception closed) {
			// the test is over, or the client went away
		}
	}

	private static String handshakeKey(DataInputStream in) throws IOException {
		StringBuilder request = new StringBuilder();
		while (!request.toString().endsWith("\r\n\r\n")) {
			request.append((char) in.readUnsignedByte());
		}
		Matcher key = Pattern.compile("(?i)sec-websocket-key:\\s*(\\S+)").matcher(request);
		if (!key.find()) {
			throw new IOException("no Sec-WebSocket-Key in " + request);
		}
		return key.group(1);
	}

	@Override
	public void close() throws IOException {
		server.close();
		if (socket != null) {
			socket.close();
		}
	}
}
