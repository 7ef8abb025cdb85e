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
 * {@code FILE}: a rewritten chain or a cut-off tail. Exit code 0 intact, 1 broken, 2 could not check (no database
 * there, a checkpoint file but no key to check it with, a wrong option). For an H2 file the server must be stopped
 * first (H2 locks its file); the REST endpoint {@code GET /api/log/verify} works while it runs.
 */
public final class VerifyLogCommand {

	/** Where the server keeps its H2 file by default: {@code data/andon} under the directory it was started in. */
	public static final String DEFAULT_URL = "jdbc:h2:file:./data/andon";

	private VerifyLogCommand() {
	}

	/** Runs the verifier ({@code args} may start with the word {@code verify-log}); returns its exit code. */
	public static int run(String[] args) {
		String[] options = args.length > 0 && args[0].equals("verify-log")
				? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
		java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
		java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
		picocli.CommandLine line = new picocli.CommandLine(new Cli(out, err)).setOut(out).setErr(err);
		line.setParameterExceptionHandler((ex, rest) -> {
			err.println(ex.getMessage());
			ex.getCommandLine().usage(err);
			return 2;
		});
		line.setExecutionExceptionHandler((ex, cmd, parsed) -> {
			err.println(ex.getMessage());
			return 2;
		});
		return line.execute(options);
	}

	@picocli.CommandLine.Command(name = "verify-log", sortOptions = false, usageHelpWidth = 110,
			description = { "Walks the event log straight from the database (the server stopped, for an H2 file) and "
					+ "prints whether the hash chain is intact, or the first entry edited, deleted or reordered; with "
					+ "the checkpoint key or public key, also against the signed checkpoints in the database and in "
					+ "the checkpoint file.",
					"Exit code: 0 intact, 1 broken, 2 could not check.",
					"The README's start command keeps its database in line-server/data; from the repository:",
					"  --url=jdbc:h2:file:./line-server/data/andon" })
	static final class Cli implements java.util.concurrent.Callable<Integer> {

		private final java.io.PrintWriter out;
		private final java.io.PrintWriter err;

		@picocli.CommandLine.Option(names = { "-h", "--help" }, usageHelp = true, description = "this help")
		boolean help;

		@picocli.CommandLine.Option(names = "--url", paramLabel = "JDBC_URL", description = "the log's database "
				+ "(default: ${DEFAULT-VALUE}, the server's H2 file under the directory it was started in)")
		String url = DEFAULT_URL;

		@picocli.CommandLine.Option(names = "--user", description = "database user (default: ${DEFAULT-VALUE})")
		String user = "sa";

		@picocli.CommandLine.Option(names = "--password", description = "database password (default: none)")
		String password = "";

		@picocli.CommandLine.Option(names = "--checkpoints", paramLabel = "FILE", description = "the checkpoint file "
				+ "the server wrote (andon.log.checkpoint.file), or a copy of it kept out of an intruder's reach")
		java.nio.file.Path file;

		@picocli.CommandLine.Option(names = "--checkpoint-key", paramLabel = "KEY", description = "the HMAC "
				+ "checkpoint key (default: ANDON_LOG_CHECKPOINT_KEY from the environment)")
		String key = System.getenv("ANDON_LOG_CHECKPOINT_KEY");

		@picocli.CommandLine.Option(names = "--public-key", paramLabel = "PEM_FILE", description = "the Ed25519 "
				+ "public key of the server's checkpoint key pair")
		java.nio.file.Path publicKey;

		Cli(java.io.PrintWriter out, java.io.PrintWriter err) {
			this.out = out;
			this.err = err;
		}

		@Override
		public Integer call() {
			CheckpointSigner signer;
			try {
				signer = publicKey != null ? CheckpointSigner.ed25519(null, CheckpointSigner.publicKey(publicKey))
						: key != null && !key.isBlank() ? CheckpointSigner.hmac(key) : null;
			}
			catch (IllegalArgumentException ex) {
				err.println(ex.getMessage());
				return 2;
			}
			if (publicKey == null && key != null && !key.isBlank() && key.length() < 32) {
				err.println("a checkpoint key has at least 32 characters, as the server's andon.log.checkpoint.key");
				return 2;
			}
			if (file != null && signer == null) {
				err.println("--checkpoints=" + file + " is checked only with the key that signed it: give "
						+ "--checkpoint-key=KEY (or ANDON_LOG_CHECKPOINT_KEY), or --public-key=PEM_FILE for Ed25519");
				return 2;
			}
			if (file != null && !java.nio.file.Files.isRegularFile(file)) {
				err.println("no checkpoint file at " + file.toAbsolutePath());
				return 2;
			}
			java.util.List<Checkpoint> inFile = LogCheckpoints.fromFile(file);
			if (file != null && inFile.isEmpty()) {
				err.println(file + " holds no signed checkpoint: nothing to check the log against (is it the file "
						+ "the server writes, andon.log.checkpoint.file?)");
				return 2;
			}
			String at = existingDatabase(url);
			boolean signed = signer != null;
			try (Connection c = DriverManager.getConnection(at, user, password)) {
				Verification v = signed ? verify(c, signer, inFile) : verify(c);
				if (v.intact()) {
					out.println("log intact: " + v.entriesChecked() + " entries, last seq " + v.lastSeq()
							+ (!signed ? " (signed checkpoints not checked: no checkpoint key given)"
									: v.checkpointsChecked() == 0 ? " (no signed checkpoint found)"
											: "; " + v.checkpointsChecked() + " signed checkpoints agree, up to seq "
													+ v.signedUpTo()));
					return 0;
				}
				out.println("log BROKEN at seq " + v.firstBadSeq() + ": " + v.problem() + " ("
						+ v.entriesChecked() + " entries before it are intact)");
				return 1;
			}
			catch (SQLException ex) {
				boolean inUse = String.valueOf(ex.getMessage()).contains("already in use");
				err.println("cannot read the event log at " + url + ": " + ex.getMessage()
						+ (inUse ? System.lineSeparator() + "(H2 locks its file while the server runs: stop the server "
								+ "first, or ask the running server: GET /api/log/verify)"
								: url.startsWith("jdbc:h2:file:") ? System.lineSeparator() + "(an H2 file is relative "
										+ "to this directory; the README's start command keeps it in line-server/data: "
										+ "--url=jdbc:h2:file:./line-server/data/andon)" : ""));
				return 2;
			}
		}
	}

	/** An H2 file URL that opens only a database already there: a mistyped path must not make an empty one. */
	static String existingDatabase(String url) {
		return url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS=")
				? url + ";IFEXISTS=TRUE" : url;
	}

	static Verification verify(Connection c) throws SQLException {
		return walk(c, java.util.Set.of(), new java.util.HashMap<>());
	}

	/** The chain, then the signed checkpoints from the database and those read from the checkpoint file. */
	static Verification verify(Connection c, CheckpointSigner signer, java.util.List<Checkpoint> inFile)
			throws SQLException {
		java.util.List<Checkpoint> checkpoints = new java.util.ArrayList<>(checkpoints(c));
		checkpoints.addAll(inFile);
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
