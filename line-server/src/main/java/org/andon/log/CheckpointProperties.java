package org.andon.log;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed checkpoints of the log head ({@link LogCheckpoints}), with one of two kinds of key
 * ({@link CheckpointSigner}).
 *
 * @param key an HMAC-SHA256 key (at least 32 characters); whoever verifies needs it too
 * @param privateKey an Ed25519 private key (PKCS#8 PEM file), with {@code publicKey}: the server signs with it, and
 * verifying needs only the public key
 * @param publicKey the Ed25519 public key (PEM file) belonging to {@code privateKey}
 * @param every how often the head is signed when it moved; entries newer than the last checkpoint are covered
 * by the hash chain only
 * @param file where each checkpoint is also appended, outside the database (ship it off the machine: a tail cut
 * off together with the checkpoint rows is still seen against it); none when unset
 */
@ConfigurationProperties("andon.log.checkpoint")
record CheckpointProperties(String key, Path privateKey, Path publicKey, @DefaultValue("1m") Duration every,
		Path file) {

	CheckpointProperties {
		boolean hmac = key != null && !key.isBlank();
		if (hmac && key.length() < 32) {
			throw new IllegalArgumentException("andon.log.checkpoint.key must be at least 32 characters");
		}
		if (hmac && (privateKey != null || publicKey != null)) {
			throw new IllegalArgumentException("sign checkpoints with andon.log.checkpoint.key (HMAC) or with "
					+ "andon.log.checkpoint.private-key and public-key (Ed25519), not both");
		}
		if ((privateKey == null) != (publicKey == null)) {
			throw new IllegalArgumentException("andon.log.checkpoint.private-key and public-key go together (the "
					+ "Ed25519 key pair, PEM files)");
		}
	}

	boolean enabled() {
		return (key != null && !key.isBlank()) || privateKey != null;
	}
}
