package org.andon;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Mosquitto broker of the test's own, on a free loopback port: users from a password file made with
 * {@code mosquitto_passwd}, an ACL file, and persistence in the test's folder, so it can be stopped and started
 * again like a broker restart in a plant (the bridge's session and the presses queued for it survive).
 */
final class Mosquitto implements AutoCloseable {

	static final String BINARY = "/usr/sbin/mosquitto";

	private final Path dir;
	private final int port;
	private Process process;

	/** Starts a broker with these users (name → password) and this ACL file text. */
	Mosquitto(Path dir, Map<String, String> users, String acl) throws Exception {
		this.dir = Files.createDirectories(dir);
		this.port = freePort();
		Path passwords = dir.resolve("passwd");
		Files.writeString(passwords, "");
		for (Map.Entry<String, String> u : users.entrySet()) {
			run(List.of("mosquitto_passwd", "-b", passwords.toString(), u.getKey(), u.getValue()));
		}
		Files.writeString(dir.resolve("acl"), acl);
		Files.createDirectories(dir.resolve("data"));
		Files.writeString(dir.resolve("mosquitto.conf"), """
				listener PORT 127.0.0.1
				allow_anonymous false
				password_file DIR/passwd
				acl_file DIR/acl
				persistence true
				persistence_location DIR/data/
				autosave_interval 1
				max_queued_messages 10000
				log_dest file DIR/mosquitto.log
				log_type all
				user USER
				""".replace("PORT", String.valueOf(port)).replace("DIR", dir.toString())
			// started as root (as on CI) it would switch to the mosquitto user, who cannot read the test's folder
			.replace("USER", System.getProperty("user.name")));
		start();
	}

	String url() {
		return "tcp://127.0.0.1:" + port;
	}

	int port() {
		return port;
	}

	/** Starts the broker (again) on the same port with the same files, and waits until it accepts connections. */
	void start() throws IOException {
		process = new ProcessBuilder(BINARY, "-c", dir.resolve("mosquitto.conf").toString())
			.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout").toFile()))
			.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
						+ Files.readString(dir.resolve("stdout")));
			}
			try (Socket s = new Socket("127.0.0.1", port)) {
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	/** Stops the broker as a service manager would (SIGTERM: it saves its sessions and queued messages). */
	void stop() throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private static void run(List<String> command) throws Exception {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes());
		if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
			throw new IllegalStateException(command + " failed: " + out);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}
}
