package org.andon.station;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.andon.station.link.Link;
import org.andon.station.link.Scheduler;
import org.andon.station.state.Outbox;

/**
 * The commands between the worker and the server: each is forced to disk in the outbox before the worker's call
 * returns, sent in outbox order once on every link (again, with the same commandId, after a reconnect), and leaves
 * the outbox only when its result arrives. A command left unanswered too long counts the link as dead. At most
 * {@link #IN_FLIGHT} commands are written to a link and unanswered at a time: a worker sends one at a time, but an
 * outbox that grew during an outage (or a gateway hosting a busy station) goes out this many at a time, so that the
 * server's share per station refuses a few of them rather than thousands, which it would take for a flood.
 */
final class OutboxReplay {

	private static final System.Logger LOG = System.getLogger(StationClient.class.getName());
	static final String COMMANDS = "/app/commands";
	/** Commands written to one link and not answered yet, at most. */
	static final int IN_FLIGHT = 64;

	/** What the client does with a finished command before its ticket completes. */
	interface Finished {

		void apply(Command command, CommandResult result, Instant issuedAt);
	}

	private final ClientSettings settings;
	private final Scheduler scheduler;
	private final Outbox outbox;
	private final Path stateDir;
	private final LinkKeeper keeper;
	private final Runnable publish;
	private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
	private final Map<String, Command> parsed = new ConcurrentHashMap<>();
	private final Map<String, Integer> sends = new ConcurrentHashMap<>();
	// touched only on the scheduler's thread
	private final Map<String, Integer> sentOn = new HashMap<>();
	/**
	 * After a command the server could not take now (RATE_LIMITED, INTERNAL_ERROR), nothing is sent for the backoff
	 * ({@code held}, until the newest retry's wait is over) and until every command in flight is answered
	 * ({@code draining}); then the outbox goes again oldest first. The server refuses a session's commands after a
	 * refused one until that one comes again, so they are applied in outbox order.
	 */
	private boolean held;
	private boolean draining;
	private int retries;

	OutboxReplay(ClientSettings settings, Scheduler scheduler, Outbox outbox, Path stateDir, LinkKeeper keeper,
			Runnable publish) {
		this.settings = settings;
		this.scheduler = scheduler;
		this.outbox = outbox;
		this.stateDir = stateDir;
		this.keeper = keeper;
		this.publish = publish;
	}

	/** Forces the command to disk; the future completes with its result. Any thread. */
	CompletableFuture<CommandResult> append(Command command) {
		String id = command.commandId();
		CompletableFuture<CommandResult> result = new CompletableFuture<>();
		waiting.put(id, result);
		parsed.put(id, command);
		try {
			outbox.append(id, settings.clock().instant(), StationClient.JSON.writeValueAsBytes(command));
		}
		catch (IOException ex) {
			waiting.remove(id);
			parsed.remove(id);
			throw new UncheckedIOException("the command could not be written to the outbox in " + stateDir
					+ ", so it was not sent: " + ex.getMessage(), ex);
		}
		return result;
	}

	/** Sends, in outbox order, every command not yet written to the current link. */
	void flush() {
		Link link = keeper.link();
		if (link == null) {
			return;
		}
		int conn = keeper.connection();
		List<Outbox.Entry> entries = outbox.entries();
		long inFlight = entries.stream().filter(e -> Integer.valueOf(conn).equals(sentOn.get(e.commandId()))).count();
		if (held || draining && inFlight > 0) {
			return; // the retry's wait, or the last answer in flight, comes back here
		}
		draining = false;
		for (Outbox.Entry e : entries) {
			if (Integer.valueOf(conn).equals(sentOn.get(e.commandId()))) {
				continue;
			}
			if (inFlight >= IN_FLIGHT) {
				return; // the next result makes room
			}
			inFlight++;
			try {
				link.send(COMMANDS, e.body());
			}
			catch (RuntimeException ex) {
				keeper.lost(conn, "sending failed: " + LinkKeeper.describe(ex));
				return;
			}
			sentOn.put(e.commandId(), conn);
			sends.merge(e.commandId(), 1, Integer::sum);
			String id = e.commandId();
			scheduler.schedule(() -> {
				if (keeper.current(conn) && outbox.contains(id) && Integer.valueOf(conn).equals(sentOn.get(id))) {
					keeper.lost(conn, "no answer to a command within " + settings.answerWithin().toSeconds() + " s");
				}
			}, settings.answerWithin());
		}
	}

	/**
	 * A result arrived: the command leaves the outbox, {@code finished} applies it, then its ticket completes.
	 * Returns the command, or null when there is nothing to finish (a repeat answer, or one to send again).
	 */
	Command result(CommandResult r, Finished finished) {
		String id = r.commandId();
		if (id == null || !outbox.contains(id)) {
			// A repeat answer for a command already finished (or one we never sent): nothing to do.
			return null;
		}
		if (r.retryable()) {
			LOG.log(System.Logger.Level.WARNING, "server could not store command {0} ({1}); sending it again", id,
					r.message());
			sentOn.remove(id);
			held = true;
			draining = true;
			int retry = ++retries;
			scheduler.schedule(() -> {
				if (retry == retries) {
					held = false;
				}
				flush();
				publish.run();
			}, settings.backoff().first());
			return null;
		}
		Outbox.Entry entry = outbox.entries().stream().filter(e -> e.commandId().equals(id)).findFirst()
			.orElseThrow();
		try {
			outbox.remove(id);
		}
		catch (IOException ex) {
			// The result still counts; after a restart the command is sent again and answered as a duplicate.
			LOG.log(System.Logger.Level.ERROR, "could not record the result of " + id + " in the outbox", ex);
		}
		sentOn.remove(id);
		sends.remove(id);
		Command command = command(entry);
		parsed.remove(id);
		finished.apply(command, r, entry.issuedAt());
		CompletableFuture<CommandResult> f = waiting.remove(id);
		if (f != null) {
			f.complete(r);
		}
		flush(); // room for one more on the link
		return command;
	}

	/** Commands given but not yet answered, in order, with how often each was sent. Any thread. */
	List<QueuedCommand> queued() {
		List<QueuedCommand> queued = new ArrayList<>();
		for (Outbox.Entry e : outbox.entries()) {
			queued.add(new QueuedCommand(command(e), e.issuedAt(), sends.getOrDefault(e.commandId(), 0)));
		}
		return queued;
	}

	private Command command(Outbox.Entry e) {
		return parsed.computeIfAbsent(e.commandId(), id -> StationClient.JSON.readValue(e.body(), Command.class));
	}

	/** The client closes: tickets still open fail, their commands stay in the outbox for the next run. */
	void close() {
		waiting.forEach((id, f) -> f.completeExceptionally(new IllegalStateException(
				"the client closed before the server answered; the command stays in the outbox")));
		try {
			outbox.close();
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.WARNING, "closing the outbox", ex);
		}
	}
}
