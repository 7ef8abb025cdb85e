package org.andon.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A line server certificate made for a test with the JDK's keytool, as a plant's IT would issue one: an EC key for
 * {@code 127.0.0.1} and {@code localhost} in a PKCS#12 keystore, and the certificate alone in PEM for the clients
 * that are to trust it.
 *
 * @param keystore the server's keystore (PKCS#12)
 * @param password the keystore's password
 * @param pem the certificate, PEM
 */
public record TestCertificate(Path keystore, String password, Path pem) {

	/** Makes a key and certificate in {@code dir}. */
	public static TestCertificate generate(Path dir) {
		return issue(dir, "line-server", "CN=line-server.plant.example", "-ext", "san=ip:127.0.0.1,dns:localhost");
	}

	/** An EC key and self-signed certificate for {@code dname} as {@code name}.p12 and {@code name}.pem in dir. */
	private static TestCertificate issue(Path dir, String name, String dname, String... extra) {
		TestCertificate c = new TestCertificate(dir.resolve(name + ".p12"), "test-secret", dir.resolve(name + ".pem"));
		List<String> args = new java.util.ArrayList<>(List.of("-genkeypair", "-alias", "line-server", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", dname));
		args.addAll(List.of(extra));
		args.addAll(List.of("-validity", "2", "-keystore", c.keystore.toString(), "-storetype", "PKCS12",
				"-storepass", c.password));
		keytool(args.toArray(String[]::new));
		keytool("-exportcert", "-rfc", "-alias", "line-server", "-keystore", c.keystore.toString(), "-storepass",
				c.password, "-file", c.pem.toString());
		return c;
	}

	/** The line server's settings for HTTPS and WSS with this certificate: an SSL bundle {@code andon}. */
	public Map<String, String> serverSettings() {
		Map<String, String> s = new LinkedHashMap<>();
		s.put("spring.ssl.bundle.jks.andon.keystore.location", "file:" + keystore);
		s.put("spring.ssl.bundle.jks.andon.keystore.password", password);
		s.put("spring.ssl.bundle.jks.andon.keystore.type", "PKCS12");
		s.put("server.ssl.bundle", "andon");
		return s;
	}

	/**
	 * A station's own certificate for mutual TLS, as the plant's IT would issue one: its common name is the station
	 * id (the most specific of two, {@code CN=WELD,CN=stations,O=...}). Self-signed here, so the server trusts it
	 * the way it would trust the plant's CA; written as PEM, the certificate in {@link #pem()} and its key in
	 * {@link #pemKey(Path)}.
	 */
	public static TestCertificate forStation(Path dir, String stationId) {
		return issue(dir, "station-" + stationId.toLowerCase(java.util.Locale.ROOT),
				"CN=" + stationId + ",CN=stations,O=plant.example");
	}

	/** The private key alone, unencrypted PKCS#8 PEM, in {@code dir} (keytool cannot write it). */
	public Path pemKey(Path dir) {
		try (InputStream in = Files.newInputStream(keystore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, password.toCharArray());
			java.security.Key key = store.getKey("line-server", password.toCharArray());
			Path keyFile = dir.resolve(pem.getFileName().toString().replace(".pem", ".key"));
			Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
					+ java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(key.getEncoded())
					+ "\n-----END PRIVATE KEY-----\n");
			return keyFile;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The same certificate and key as PEM files in {@code dir} (the form a plant's IT most often hands over, which
	 * keytool cannot write), and the line server's SSL bundle {@code andon} from them.
	 */
	public Map<String, String> pemServerSettings(Path dir) {
		Map<String, String> s = new LinkedHashMap<>();
		s.put("spring.ssl.bundle.pem.andon.keystore.certificate", "file:" + pem);
		s.put("spring.ssl.bundle.pem.andon.keystore.private-key", "file:" + pemKey(dir));
		s.put("server.ssl.bundle", "andon");
		return s;
	}

	/**
	 * {@link #pemServerSettings} for a plant whose stations sign in with certificates of their own: the bundle
	 * trusts the certificates in {@code stationsPem} for clients, a client may show one ({@code want}: browsers need
	 * none) and a station must ({@code andon.sign-in.station-certificates}).
	 */
	public Map<String, String> mutualTlsServerSettings(Path dir, Path stationsPem) {
		Map<String, String> s = pemServerSettings(dir);
		s.put("spring.ssl.bundle.pem.andon.truststore.certificate", "file:" + stationsPem);
		s.put("server.ssl.client-auth", "want");
		s.put("andon.sign-in.station-certificates", "true");
		return s;
	}

	/** {@link #serverSettings()} as the server jar's command-line arguments. */
	public List<String> serverArguments() {
		return serverSettings().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
	}

	/** A client's TLS context that trusts exactly this certificate. */
	public SSLContext trusting() {
		return trustingAs(null);
	}

	/** A client's TLS context that trusts exactly this certificate and shows {@code client}'s (null: none). */
	public SSLContext trustingAs(TestCertificate client) {
		try (InputStream in = Files.newInputStream(pem)) {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("line-server", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			tmf.init(trust);
			javax.net.ssl.KeyManager[] keys = null;
			if (client != null) {
				KeyStore own = KeyStore.getInstance("PKCS12");
				try (InputStream k = Files.newInputStream(client.keystore)) {
					own.load(k, client.password.toCharArray());
				}
				javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory
					.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
				kmf.init(own, client.password.toCharArray());
				keys = kmf.getKeyManagers();
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys, tmf.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void keytool(String... args) {
		String[] command = new String[args.length + 1];
		command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		System.arraycopy(args, 0, command, 1, args.length);
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + String.join(" ", command) + "\n" + out);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
