package org.andon.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 chain over the log: each entry's hash covers every field of the entry and the previous entry's hash,
 * so editing, deleting or reordering any entry breaks every hash after it.
 */
final class HashChain {

	static final String GENESIS = "0".repeat(64);

	private HashChain() {
	}

	static String hash(LogEntry e) {
		String canonical = String.join("\n", String.valueOf(e.seq()), e.occurredAt().toString(), e.lineId(),
				nz(e.stationId()), e.actor(), nz(e.commandId()), e.type(), nz(e.partSerial()), e.payload(),
				e.prevHash());
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}
}
