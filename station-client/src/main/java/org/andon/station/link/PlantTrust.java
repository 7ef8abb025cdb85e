package org.andon.station.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a station terminal trusts for {@code wss://}: the plant's own certification authority, or the
 * line server's certificate itself, from a PEM file (one or more {@code BEGIN CERTIFICATE} blocks). Only these are
 * trusted, not the JVM's public authorities: a plant network has no business with those. Without such a file the
 * terminal uses the JVM's trust store. Where the plant's server asks stations for certificates too (mutual TLS), the
 * station's own certificate and key come from PEM files as well ({@link #context}).
 */
public final class PlantTrust {

	private PlantTrust() {
	}

	/** A TLS context that trusts exactly the certificates in {@code pemFile}. */
	public static SSLContext fromPem(Path pemFile) throws IOException {
		return context(pemFile, null, null);
	}

	/**
	 * A TLS context for a plant that also asks each station for a certificate of its own (mutual TLS): it trusts the
	 * certificates in {@code trustPem} (null: the JVM's trust store) and shows the server the certificate in
	 * {@code certificatePem} (the station's, then the authorities above it) with its private key in {@code keyPem}
	 * (unencrypted PKCS#8, {@code BEGIN PRIVATE KEY}). Both of those or neither; null when nothing is given.
	 */
	public static SSLContext context(Path trustPem, Path certificatePem, Path keyPem) throws IOException {
		if ((certificatePem == null) != (keyPem == null)) {
			throw new IOException("a station certificate needs its key and a key its certificate: give both "
					+ "--client-certificate and --client-key");
		}
		if (trustPem == null && certificatePem == null) {
			return null;
		}
		try {
			TrustManagerFactory tmf = null;
			if (trustPem != null) {
				KeyStore trust = KeyStore.getInstance("PKCS12");
				trust.load(null, null);
				int i = 0;
				for (Certificate c : certificates(trustPem)) {
					trust.setCertificateEntry("plant-" + i++, c);
				}
				tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				tmf.init(trust);
			}
			KeyManagerFactory kmf = null;
			if (certificatePem != null) {
				KeyStore own = KeyStore.getInstance("PKCS12");
				own.load(null, null);
				char[] none = new char[0];
				PrivateKey key = privateKey(keyPem);
				Certificate[] chain = certificates(certificatePem).toArray(Certificate[]::new);
				if (!belongTogether(key, chain[0])) {
					throw new IOException(keyPem + " is not the key of the certificate in " + certificatePem
							+ ": give the key the certificate was issued for");
				}
				own.setKeyEntry("station", key, none, chain);
				kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				kmf.init(own, none);
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(),
					null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("cannot use the certificates: " + ex.getMessage(), ex);
		}
	}

	private static Collection<? extends Certificate> certificates(Path pemFile) throws IOException {
		try (InputStream in = Files.newInputStream(pemFile)) {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(in);
			if (certificates.isEmpty()) {
				throw new IOException(pemFile + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
			}
			return certificates;
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("cannot read the certificates in " + pemFile + ": " + ex.getMessage(), ex);
		}
	}

	/** Whether the certificate was issued for this key: what the key signs, the certificate's public key verifies. */
	private static boolean belongTogether(PrivateKey key, Certificate certificate) throws GeneralSecurityException {
		String algorithm = switch (key.getAlgorithm()) {
			case "EC" -> "SHA256withECDSA";
			case "RSA" -> "SHA256withRSA";
			default -> key.getAlgorithm(); // Ed25519, EdDSA
		};
		byte[] probe = "andon station".getBytes(StandardCharsets.US_ASCII);
		java.security.Signature sign = java.security.Signature.getInstance(algorithm);
		sign.initSign(key);
		sign.update(probe);
		byte[] signature = sign.sign();
		java.security.Signature verify = java.security.Signature.getInstance(algorithm);
		try {
			verify.initVerify(certificate.getPublicKey());
			verify.update(probe);
			return verify.verify(signature);
		}
		catch (java.security.InvalidKeyException otherKind) {
			return false; // an RSA certificate with an EC key, and so on
		}
	}

	/** An unencrypted PKCS#8 private key (EC, RSA or Ed25519) from a PEM file. */
	private static PrivateKey privateKey(Path pemFile) throws IOException {
		String text = Files.readString(pemFile, StandardCharsets.US_ASCII);
		int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
		int end = text.indexOf("-----END PRIVATE KEY-----");
		if (begin < 0 || end < begin) {
			throw new IOException(pemFile + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert "
					+ "it with: openssl pkcs8 -topk8 -nocrypt -in " + pemFile + " -out " + pemFile + ".pkcs8");
		}
		byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
		for (String algorithm : new String[] { "EC", "RSA", "Ed25519" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
			}
			catch (GeneralSecurityException notThisOne) {
				// the next algorithm
			}
		}
		throw new IOException(pemFile + " holds a key that is not EC, RSA or Ed25519");
	}
}
