package org.andon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a broker that can go silent, the way a broker half up after a restart, a hung broker or a
 * firewall dropping replies looks to a client: while silent, connections already relayed are cut and new ones are
 * taken and read but never answered nor closed. Answering again relays new connections; the ones held stay silent.
 */
final class SilentLink implements AutoCloseable {

	private final ServerSocket server;
	private final int brokerPort;
	private final List<Socket> relayed = new CopyOnWriteArrayList<>();
	private final List<Socket> held = new CopyOnWriteArrayList<>();
	private final AtomicInteger heldCount = new AtomicInteger();
	private volatile boolean silent;

	SilentLink(int brokerPort, boolean silent) throws IOException {
		this.brokerPort = brokerPort;
		this.silent = silent;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread accept = new Thread(this::accept, "silent-link");
		accept.setDaemon(true);
		accept.start();
	}

	String url() {
		return "tcp://127.0.0.1:" + server.getLocalPort();
	}

	/** Connections taken while silent: each is a client attempt nobody answers. */
	int held() {
		return heldCount.get();
	}

	/** Cuts what is relayed now and holds every new connection unanswered. */
	void goSilent() {
		silent = true;
		for (Socket s : relayed) {
			closeQuietly(s);
		}
		relayed.clear();
	}

	/** New connections are relayed to the broker again; the held ones stay as they are. */
	void answerAgain() {
		silent = false;
	}

	private void accept() {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				if (silent) {
					held.add(client);
					heldCount.incrementAndGet();
					pump(client.getInputStream(), OutputStream.nullOutputStream(), client, client);
				}
				else {
					Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
					relayed.add(client);
					relayed.add(broker);
					pump(client.getInputStream(), broker.getOutputStream(), client, broker);
					pump(broker.getInputStream(), client.getOutputStream(), client, broker);
				}
			}
			catch (IOException ex) {
				// closed, or a broker that refused the relay: the client sees its connection end
			}
		}
	}

	private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
		Thread t = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try {
				for (int n; (n = in.read(buffer)) >= 0;) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side went away
			}
			finally {
				closeQuietly(a);
				closeQuietly(b);
			}
		}, "silent-link-pump");
		t.setDaemon(true);
		t.start();
	}

	private static void closeQuietly(Socket s) {
		try {
			s.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		server.close();
		for (Socket s : relayed) {
			closeQuietly(s);
		}
		for (Socket s : held) {
			closeQuietly(s);
		}
	}
}
