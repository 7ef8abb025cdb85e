package org.andon.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs and checks checkpoints with HMAC-SHA256 and the configured key. */
final class CheckpointSigner {

	private final SecretKeySpec key;

	CheckpointSigner(String key) {
		this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/** Signs at {@code at} to the microsecond: what a timestamp(6) column keeps, so the stored copy still verifies. */
	Checkpoint sign(long seq, String hash, Instant at) {
		Instant micros = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
		return new Checkpoint(seq, hash, micros, mac(seq, hash, micros));
	}

	boolean valid(Checkpoint c) {
		return MessageDigest.isEqual(mac(c.seq(), c.hash(), c.signedAt()).getBytes(StandardCharsets.US_ASCII),
				c.mac().getBytes(StandardCharsets.US_ASCII));
	}

	private String mac(long seq, String hash, Instant at) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return HexFormat.of().formatHex(mac.doFinal(("andon-checkpoint-v1|" + seq + "|" + hash + "|" + at)
				.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("every Java runtime has HmacSHA256", ex);
		}
	}
}
