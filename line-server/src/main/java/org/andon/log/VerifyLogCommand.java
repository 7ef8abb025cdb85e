package org.andon.log;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@code java -jar line-server.jar verify-log [--url=JDBC_URL] [--user=U] [--password=P] [--checkpoints=FILE]}:
 * walks the event log straight from the database, without starting the server, and prints whether the hash chain
 * is intact or the first entry that was edited, deleted or reordered. With the checkpoint key (environment
 * {@code ANDON_LOG_CHECKPOINT_KEY}, or {@code --checkpoint-key=}), or for Ed25519 checkpoints only the public key
 * ({@code --public-key=PEM_FILE}), it also checks the chain against the signed checkpoints in the database and in
 * {@code FILE}: a rewritten chain or a cut-off tail. Exit code 0 intact,
 * 1 broken, 2 could not check. For an H2 file the
 * server must be stopped first (H2 locks its file); the REST endpoint {@code GET /api/log/verify} works while it runs.
 */
public final class VerifyLogCommand {

	public static final String DEFAULT_URL = "jdbc:h2:file:./data/andon";

	private VerifyLogCommand() {
	}

	public static int run(String[] args) {
		String url = DEFAULT_URL;
		String user = "sa";
		String password = "";
		String key = System.getenv("ANDON_LOG_CHECKPOINT_KEY");
		java.nio.file.Path file = null;
		java.nio.file.Path publicKey = null;
		for (String a : args) {
			if (a.startsWith("--url=")) {
				url = a.substring(6);
			}
			else if (a.startsWith("--user=")) {
				user = a.substring(7);
			}
			else if (a.startsWith("--password=")) {
				password = a.substring(11);
			}
			else if (a.startsWith("--checkpoint-key=")) {
				key = a.substring(17);
			}
			else if (a.startsWith("--public-key=")) {
				publicKey = java.nio.file.Path.of(a.substring(13));
			}
			else if (a.startsWith("--checkpoints=")) {
				file = java.nio.file.Path.of(a.substring(14));
			}
			else if (!a.equals("verify-log")) {
				System.err.println("usage: verify-log [--url=JDBC_URL] [--user=USER] [--password=PASSWORD] "
						+ "[--checkpoints=FILE] [--checkpoint-key=KEY, or ANDON_LOG_CHECKPOINT_KEY in the environment | "
						+ "--public-key=ED25519_PEM_FILE]");
				return 2;
			}
		}
		CheckpointSigner signer;
		try {
			signer = publicKey != null ? CheckpointSigner.ed25519(null, CheckpointSigner.publicKey(publicKey))
					: key != null && !key.isBlank() ? CheckpointSigner.hmac(key) : null;
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			return 2;
		}
		boolean signed = signer != null;
		try (Connection c = DriverManager.getConnection(url, user, password)) {
			Verification v = signed ? verify(c, signer, file) : verify(c);
			if (v.intact()) {
				System.out.println("log intact: " + v.entriesChecked() + " entries, last seq " + v.lastSeq()
						+ (!signed ? " (signed checkpoints not checked: no checkpoint key given)"
								: v.checkpointsChecked() == 0 ? " (no signed checkpoint found)"
										: "; " + v.checkpointsChecked() + " signed checkpoints agree, up to seq "
												+ v.signedUpTo()));
				return 0;
			}
			System.out.println("log BROKEN at seq " + v.firstBadSeq() + ": " + v.problem() + " ("
					+ v.entriesChecked() + " entries before it are intact)");
			return 1;
		}
		catch (SQLException ex) {
			System.err.println("cannot read the event log at " + url + ": " + ex.getMessage());
			return 2;
		}
	}

	static Verification verify(Connection c) throws SQLException {
		return walk(c, java.util.Set.of(), new java.util.HashMap<>());
	}

	/** The chain, then the signed checkpoints from the database and from {@code file} (may be null). */
	static Verification verify(Connection c, CheckpointSigner signer, java.nio.file.Path file) throws SQLException {
		java.util.List<Checkpoint> checkpoints = new java.util.ArrayList<>(checkpoints(c));
		checkpoints.addAll(LogCheckpoints.fromFile(file));
		java.util.Map<Long, String> hashAt = new java.util.HashMap<>();
		Verification chain = walk(c, CheckpointCheck.seqs(checkpoints), hashAt);
		return CheckpointCheck.check(chain, hashAt, checkpoints, signer);
	}

	private static java.util.List<Checkpoint> checkpoints(Connection c) throws SQLException {
		java.util.List<Checkpoint> found = new java.util.ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement("select seq, hash, signed_at, mac from log_checkpoint");
				ResultSet rs = ps.executeQuery()) {
			while (rs.next()) {
				found.add(new Checkpoint(rs.getLong(1), rs.getString(2),
						rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)));
			}
		}
		return found;
	}

	private static Verification walk(Connection c, java.util.Set<Long> wanted, java.util.Map<Long, String> hashAt)
			throws SQLException {
		long head;
		try (PreparedStatement ps = c.prepareStatement("select last_seq from log_head where id = 1");
				ResultSet rs = ps.executeQuery()) {
			head = rs.next() ? rs.getLong(1) : 0;
		}
		try (PreparedStatement ps = c.prepareStatement("select seq, occurred_at, line_id, station_id, actor, "
				+ "command_id, type, part_serial, payload, prev_hash, hash from event_log order by seq");
				ResultSet rs = ps.executeQuery()) {
			return LogVerifier.verify(rows(rs), head, wanted, hashAt);
		}
	}

	private static Iterator<LogEntry> rows(ResultSet rs) {
		return new Iterator<>() {
			private Boolean ahead;

			@Override
			public boolean hasNext() {
				if (ahead == null) {
					try {
						ahead = rs.next();
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				}
				return ahead;
			}

			@Override
			public LogEntry next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				ahead = null;
				try {
					return LogEntry.stored(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
							rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
							rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}
		};
	}
}
