package org.andon.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks checkpoints, in one of two kinds. HMAC-SHA256 with a shared key ({@code andon.log.checkpoint.key}):
 * whoever checks needs the key, and so could sign. Ed25519 with a key pair ({@code private-key}, {@code public-key},
 * PEM files): the server signs with the private key, and anyone holding only the public key (an auditor, quality
 * staff, a verifier on another machine) can check but never forge. An Ed25519 signature is kept as
 * {@code ed25519:BASE64}, an HMAC as hex; a signer checks only its own kind.
 */
abstract sealed class CheckpointSigner {

	private static final String ED25519 = "ed25519:";

	/** The HMAC-SHA256 kind. */
	static CheckpointSigner hmac(String key) {
		return new Hmac(key);
	}

	/** The Ed25519 kind; {@code privateKey} null for a signer that only checks. */
	static CheckpointSigner ed25519(PrivateKey privateKey, PublicKey publicKey) {
		return new Ed25519(privateKey, publicKey);
	}

	/** The signer the configuration asks for, or null when it asks for none. */
	static CheckpointSigner of(CheckpointProperties properties) {
		if (properties.key() != null && !properties.key().isBlank()) {
			return hmac(properties.key());
		}
		if (properties.publicKey() != null) {
			return ed25519(properties.privateKey() == null ? null : privateKey(properties.privateKey()),
					publicKey(properties.publicKey()));
		}
		return null;
	}

	/** Signs at {@code at} to the microsecond: what a timestamp(6) column keeps, so the stored copy still verifies. */
	final Checkpoint sign(long seq, String hash, Instant at) {
		Instant micros = at.truncatedTo(ChronoUnit.MICROS);
		return new Checkpoint(seq, hash, micros, signature(statement(seq, hash, micros)));
	}

	final boolean valid(Checkpoint c) {
		return check(statement(c.seq(), c.hash(), c.signedAt()), c.mac());
	}

	/** Whether this signer can make checkpoints, not only check them. */
	abstract boolean signs();

	abstract String signature(byte[] statement);

	abstract boolean check(byte[] statement, String signature);

	private static byte[] statement(long seq, String hash, Instant at) {
		return ("andon-checkpoint-v1|" + seq + "|" + hash + "|" + at).getBytes(StandardCharsets.UTF_8);
	}

	/** A PKCS#8 private key in PEM ({@code -----BEGIN PRIVATE KEY-----}), as {@code openssl genpkey} writes it. */
	static PrivateKey privateKey(Path pem) {
		try {
			return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(pem + " is no Ed25519 private key: " + ex.getMessage(), ex);
		}
	}

	/** An X.509 public key in PEM ({@code -----BEGIN PUBLIC KEY-----}), as {@code openssl pkey -pubout} writes it. */
	static PublicKey publicKey(Path pem) {
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(pem + " is no Ed25519 public key: " + ex.getMessage(), ex);
		}
	}

	private static byte[] der(Path pem, String label) {
		String text;
		try {
			text = Files.readString(pem, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read " + pem + ": " + ex.getMessage(), ex);
		}
		String begin = "-----BEGIN " + label + "-----";
		String end = "-----END " + label + "-----";
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalArgumentException(pem + " holds no " + begin + " block");
		}
		return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
	}

	private static final class Hmac extends CheckpointSigner {

		private final SecretKeySpec key;

		Hmac(String key) {
			this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		}

		@Override
		boolean signs() {
			return true;
		}

		@Override
		String signature(byte[] statement) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(key);
				return HexFormat.of().formatHex(mac.doFinal(statement));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("every Java runtime has HmacSHA256", ex);
			}
		}

		@Override
		boolean check(byte[] statement, String signature) {
			return !signature.startsWith(ED25519) && MessageDigest.isEqual(
					signature(statement).getBytes(StandardCharsets.US_ASCII),
					signature.getBytes(StandardCharsets.US_ASCII));
		}
	}

	private static final class Ed25519 extends CheckpointSigner {

		private final PrivateKey privateKey;
		private final PublicKey publicKey;

		Ed25519(PrivateKey privateKey, PublicKey publicKey) {
			this.privateKey = privateKey;
			this.publicKey = publicKey;
			byte[] probe = statement(0, "", Instant.EPOCH);
			if (privateKey != null && !check(probe, signature(probe))) {
				throw new IllegalArgumentException("the checkpoint private key and public key are not one pair");
			}
		}

		@Override
		boolean signs() {
			return privateKey != null;
		}

		@Override
		String signature(byte[] statement) {
			if (privateKey == null) {
				throw new IllegalStateException("no private key to sign checkpoints with");
			}
			try {
				Signature s = Signature.getInstance("Ed25519");
				s.initSign(privateKey);
				s.update(statement);
				return ED25519 + Base64.getEncoder().encodeToString(s.sign());
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Java 15 and later have Ed25519", ex);
			}
		}

		@Override
		boolean check(byte[] statement, String signature) {
			if (!signature.startsWith(ED25519)) {
				return false;
			}
			try {
				Signature s = Signature.getInstance("Ed25519");
				s.initVerify(publicKey);
				s.update(statement);
				return s.verify(Base64.getDecoder().decode(signature.substring(ED25519.length())));
			}
			catch (GeneralSecurityException | IllegalArgumentException notASignature) {
				return false;
			}
		}
	}
}
