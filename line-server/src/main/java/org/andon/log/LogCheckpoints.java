package org.andon.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Signs the log head every {@code andon.log.checkpoint.every} when it moved, and once more at shutdown: a row in
 * {@code log_checkpoint}, a line in the checkpoint file, a line in the application log (which journald or syslog
 * keeps elsewhere). {@link EventLog#verify} and {@code verify-log} check the chain against them. Runs beside the
 * write path and reads only the committed head row, so it costs the command writer nothing.
 */
@Component
class LogCheckpoints implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(LogCheckpoints.class);

	private final CheckpointProperties properties;
	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final CheckpointSigner signer;
	private ScheduledExecutorService executor;

	LogCheckpoints(CheckpointProperties properties, JdbcTemplate jdbc, Clock clock) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.clock = clock;
		this.signer = properties.enabled() ? CheckpointSigner.of(properties) : null;
	}

	/** The signer, or null when no key is configured. */
	CheckpointSigner signer() {
		return signer;
	}

	/** Signs the current head if it moved since the last checkpoint; returns the checkpoint, or null. */
	synchronized Checkpoint checkpoint() {
		if (signer == null) {
			return null;
		}
		Object[] head = jdbc.queryForObject("select last_seq, last_hash from log_head where id = 1",
				(rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) });
		long seq = (Long) head[0];
		if (seq == 0 || jdbc.queryForObject("select count(*) from log_checkpoint where seq = ?", Long.class, seq) > 0) {
			return null; // an empty log, or a head that did not move since it was signed (here or by another node)
		}
		Checkpoint c = signer.sign(seq, (String) head[1], clock.instant());
		try {
			jdbc.update("insert into log_checkpoint (seq, hash, signed_at, mac) values (?, ?, ?, ?)", c.seq(),
					c.hash(), Timestamp.from(c.signedAt()), c.mac());
		}
		catch (DuplicateKeyException anotherNodeSignedIt) {
			// in a cluster every node signs the same head now and then; one row is enough
		}
		if (properties.file() != null) {
			try {
				Files.writeString(properties.file(), c.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND, StandardOpenOption.SYNC);
			}
			catch (IOException ex) {
				LOG.error("could not append the checkpoint to {}", properties.file(), ex);
			}
		}
		LOG.info("log checkpoint {}", c.line());
		return c;
	}

	/** Every checkpoint, from the database and from the file, in seq order. */
	List<Checkpoint> all() {
		List<Checkpoint> all = new ArrayList<>(fromDatabase(jdbc));
		all.addAll(fromFile(properties.file()));
		all.sort(java.util.Comparator.comparingLong(Checkpoint::seq));
		return all;
	}

	static List<Checkpoint> fromDatabase(JdbcTemplate jdbc) {
		return jdbc.query("select seq, hash, signed_at, mac from log_checkpoint order by seq", (rs, n) -> new Checkpoint(
				rs.getLong(1), rs.getString(2), rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
				rs.getString(4)));
	}

	static List<Checkpoint> fromFile(Path file) {
		if (file == null || !Files.exists(file)) {
			return List.of();
		}
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Checkpoint::parse)
				.filter(java.util.Objects::nonNull).toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read the checkpoint file " + file, ex);
		}
	}

	@Override
	public void start() {
		if (signer == null) {
			return;
		}
		executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "log-checkpoints"));
		long every = properties.every().toMillis();
		executor.scheduleWithFixedDelay(() -> {
			try {
				checkpoint();
			}
			catch (RuntimeException ex) {
				LOG.error("log checkpoint failed; trying again in {}", properties.every(), ex);
			}
		}, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (executor == null) {
			return;
		}
		executor.shutdown();
		try {
			executor.awaitTermination(10, TimeUnit.SECONDS);
			checkpoint();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			LOG.warn("no checkpoint at shutdown", ex);
		}
		executor = null;
	}

	@Override
	public boolean isRunning() {
		return executor != null;
	}

	/** Stops after the command writer has written what was queued, so the last checkpoint covers it. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 8192;
	}
}
