package org.andon.station.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a station terminal trusts for {@code wss://}: the plant's own certification authority, or the
 * line server's certificate itself, from a PEM file (one or more {@code BEGIN CERTIFICATE} blocks). Only these are
 * trusted, not the JVM's public authorities: a plant network has no business with those. Without such a file the
 * terminal uses the JVM's trust store.
 */
public final class PlantTrust {

	private PlantTrust() {
	}

	/** A TLS context that trusts exactly the certificates in {@code pemFile}. */
	public static SSLContext fromPem(Path pemFile) throws IOException {
		try (InputStream in = Files.newInputStream(pemFile)) {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(in);
			if (certificates.isEmpty()) {
				throw new IOException(pemFile + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
			}
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			int i = 0;
			for (Certificate c : certificates) {
				trust.setCertificateEntry("plant-" + i++, c);
			}
			TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			tmf.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, tmf.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("cannot read the certificates in " + pemFile + ": " + ex.getMessage(), ex);
		}
	}
}
