package org.andon.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.andon.line.Line;
import org.andon.log.DurabilityBarrier;
import org.andon.log.EntriesCommitted;
import org.andon.log.EntriesDurable;
import org.andon.log.EventLog;
import org.andon.log.LogAppender;
import org.andon.log.LoggedEvent;
import org.andon.log.RowWrites;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandResult;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit. Commands from every session queue here; one writer thread takes whatever is waiting (stops and calls
 * first, then up to {@code andon.log.max-batch} in all), checks each against the line state it keeps in memory
 * ({@link WriterMemory}), and collects the log entries and table rows they write. The whole batch then goes to the
 * database as plain JDBC batches in one transaction that holds the log lock, is made durable with one sync, and only
 * then is every command answered and what was written published (pushes leave before the next batch is taken). A
 * transaction that fails as a whole is retried command by command on memory rebuilt from the tables, so one bad
 * command cannot sink its neighbours.
 */
@Component
public class CommandWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CommandWriter.class);

	private final CommandQueue<Pending> queue;
	private final int maxBatch;
	private final CommandRules rules;
	private final Map<CommandType, CommandHandler> handlers = new EnumMap<>(CommandType.class);
	private final List<CommandFollower> followers;
	private final EventLog eventLog;
	private final DurabilityBarrier barrier;
	private final TransactionTemplate tx;
	private final List<WriterMemory> memories;
	private final JdbcTemplate jdbc;
	private final ApplicationEventPublisher publisher;
	private final Clock clock;
	private final MeterRegistry meters;
	private final GroupCommitMetrics phases;
	/** Meters by code and by type/outcome, looked up once: a registry lookup per command is measurable here. */
	private final Map<ErrorCode, Counter> refusals = new java.util.concurrent.ConcurrentHashMap<>();
	private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
	private volatile boolean running;
	private Thread thread;

	CommandWriter(CommandRules rules, List<CommandHandler> handlers, List<CommandFollower> followers,
			List<WriterMemory> memories, JdbcTemplate jdbc, EventLog eventLog, DurabilityBarrier barrier,
			PlatformTransactionManager txManager, ApplicationEventPublisher publisher, Clock clock,
			MeterRegistry meters, @Value("${andon.log.max-batch:256}") int maxBatch,
			@Value("${andon.log.queue-capacity:20000}") int capacity) {
		this.rules = rules;
		this.followers = List.copyOf(followers);
		this.memories = List.copyOf(memories);
		this.jdbc = jdbc;
		this.eventLog = eventLog;
		this.barrier = barrier;
		this.tx = new TransactionTemplate(txManager);
		this.publisher = publisher;
		this.clock = clock;
		this.meters = meters;
		this.maxBatch = maxBatch;
		this.phases = new GroupCommitMetrics(meters);
		this.queue = new CommandQueue<>(capacity, p -> p.actor().name());
		for (CommandHandler h : handlers) {
			for (CommandType t : h.handles()) {
				if (this.handlers.put(t, h) != null) {
					throw new IllegalStateException("two handlers for " + t);
				}
			}
		}
		for (CommandType t : CommandType.values()) {
			if (!this.handlers.containsKey(t)) {
				throw new IllegalStateException("no handler for " + t);
			}
		}
	}

	/**
	 * Checks and queues a command. The future completes with exactly one result, after the command (or the blocked
	 * attempt it became) is durably committed, or at once when it is refused without writing anything.
	 */
	public CompletableFuture<CommandResult> submit(Actor actor, CommandRequest request) {
		long received = System.nanoTime();
		Line line;
		try {
			line = rules.check(actor, request);
		}
		catch (Refusal.Refused refused) {
			return CompletableFuture.completedFuture(refuse(request.commandId(), refused.refusal(), request.type(),
					received));
		}
		Pending p = new Pending(actor, request, line, received, new CompletableFuture<>());
		if (!running || !queue.offer(p, URGENT.contains(request.type()))) {
			return CompletableFuture.completedFuture(refuse(request.commandId(), new Refusal(ErrorCode.INTERNAL_ERROR,
					"the line server is not taking commands right now; send it again"), request.type(), received));
		}
		return p.result;
	}

	/** Counts and answers a refusal that wrote nothing (also used by adapters for input they could not parse). */
	public CommandResult refuse(String commandId, Refusal refusal, CommandType type, long receivedNanos) {
		countRefusal(refusal.code());
		time(type, "rejected", receivedNanos);
		return CommandResult.rejected(commandId, refusal, null);
	}

	private void countRefusal(ErrorCode code) {
		refusals.computeIfAbsent(code, c -> Counter.builder("andon.commands.refused")
			.description("Commands refused, by error code").tag("code", c.name()).register(meters)).increment();
	}

	private void time(CommandType type, String outcome, long receivedNanos) {
		timers.computeIfAbsent((type == null ? "UNKNOWN" : type.name()) + "/" + outcome, key -> Timer
			.builder("andon.command.duration").description("Time from receiving a command to its result")
			.tag("type", type == null ? "UNKNOWN" : type.name()).tag("outcome", outcome).register(meters))
			.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
	}

	private void loop() {
		List<Pending> batch = new ArrayList<>(maxBatch);
		while (running || !queue.isEmpty()) {
			try {
				if (queue.drain(batch, maxBatch, 100, TimeUnit.MILLISECONDS) == 0) {
					continue;
				}
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.error("command writer failed on a batch of {}", batch.size(), ex);
				batch.forEach(p -> p.result.complete(refuse(p.request.commandId(),
						new Refusal(ErrorCode.INTERNAL_ERROR, "the command could not be stored; send it again"),
						p.request.type(), p.received)));
			}
			finally {
				batch.clear();
			}
		}
	}

	private void write(List<Pending> batch) {
		List<Outcome> outcomes;
		try {
			LogAppender[] committed = new LogAppender[1];
			long[] at = new long[4];
			at[0] = System.nanoTime();
			outcomes = tx.execute(status -> {
				LogAppender appender = eventLog.lock(new RowWrites(jdbc));
				catchUp(appender);
				eventLog.prefetch(batch.stream().map(p -> p.request.commandId()).toList());
				List<WriterMemory.Queued> queued = batch.stream()
					.map(p -> new WriterMemory.Queued(p.actor, p.request, p.line)).toList();
				memories.forEach(m -> m.prefetch(queued));
				List<Outcome> out = new ArrayList<>(batch.size());
				for (Pending p : batch) {
					out.add(handle(p, appender));
				}
				at[1] = System.nanoTime();
				eventLog.flush(appender);
				at[2] = System.nanoTime();
				committed[0] = appender;
				return out;
			});
			at[3] = System.nanoTime();
			barrier.sync();
			eventLog.committed(committed[0]);
			phases.record(batch.size(), at, System.nanoTime());
		}
		catch (RuntimeException ex) {
			// the memory may hold changes of the batch that was rolled back: rebuild it before anything else
			eventLog.forget();
			if (batch.size() == 1) {
				throw ex;
			}
			log.warn("group commit of {} commands failed ({}); retrying them one by one", batch.size(), ex.toString());
			for (Pending p : batch) {
				try {
					write(List.of(p));
				}
				catch (RuntimeException single) {
					log.error("command {} could not be stored", p.request.commandId(), single);
					p.result.complete(refuse(p.request.commandId(), new Refusal(ErrorCode.INTERNAL_ERROR,
							"the command could not be stored; send it again"), p.request.type(), p.received));
				}
			}
			return;
		}
		long durable = System.nanoTime();
		List<LoggedEvent> written = outcomes.stream().flatMap(o -> o.events.stream()).toList();
		if (!written.isEmpty()) {
			publisher.publishEvent(new EntriesDurable(written));
		}
		for (int i = 0; i < batch.size(); i++) {
			Pending p = batch.get(i);
			Outcome o = outcomes.get(i);
			if (o.result.status() == CommandResult.Status.REJECTED && !o.result.duplicate()) {
				countRefusal(o.result.code());
			}
			time(p.request.type(), o.result.duplicate() ? "duplicate" : o.result.status().name().toLowerCase(),
					p.received);
			p.result.complete(o.result);
		}
		if (!written.isEmpty()) {
			publisher.publishEvent(new EntriesCommitted(written, durable));
		}
		phases.published(durable);
	}

	/**
	 * Brings the memory to the log's head under the lock: all of it at start-up or after a failed batch, the lines
	 * another node wrote to otherwise (on one node the memory is always current and this costs nothing).
	 */
	private void catchUp(LogAppender appender) {
		if (!appender.behind()) {
			return;
		}
		Set<String> lines = appender.knownSeq() < 0 ? null : eventLog.linesWrittenAfter(appender.knownSeq());
		memories.forEach(m -> m.reload(lines));
		eventLog.caughtUp(appender.lastSeq());
		if (lines != null) {
			meters.counter("andon.writer.catch.ups").increment();
		}
	}

	/** Builds the memory from the tables before the first command is taken, so start-up pays for it, not a command. */
	private void load() {
		tx.executeWithoutResult(status -> catchUp(eventLog.lock(new RowWrites(jdbc))));
	}

	private Outcome handle(Pending p, LogAppender appender) {
		CommandRequest r = p.request;
		Optional<EventLog.Recorded> before = eventLog.recorded(r.commandId());
		if (before.isPresent()) {
			EventLog.Recorded rec = before.get();
			if (!rec.actor().equals(p.actor.name()) || !rec.fingerprint().equals(fingerprint(r))) {
				return new Outcome(CommandResult.rejected(r.commandId(), new Refusal(ErrorCode.COMMAND_ID_REUSED,
						"commandId " + r.commandId() + " was already used for another command"), null), List.of());
			}
			return new Outcome(rec.result().asDuplicate(), List.of());
		}
		int mark = appender.size();
		CommandContext ctx = new CommandContext(p.actor, r, p.line,
				clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), appender);
		CommandResult result;
		try {
			Handled h = handlers.get(r.type()).handle(ctx);
			if (h.blocked() == null) {
				List<LoggedEvent> written = List.copyOf(appender.appended().subList(mark, appender.appended().size()));
				followers.forEach(f -> f.follow(ctx, written));
			}
			result = h.blocked() == null ? CommandResult.accepted(r.commandId(), h.first().seq())
					: CommandResult.rejected(r.commandId(), h.blocked(), h.first().seq());
		}
		catch (Refusal.Refused refused) {
			if (appender.size() != mark) {
				throw new IllegalStateException("handler for " + r.type() + " refused after writing", refused);
			}
			return new Outcome(CommandResult.rejected(r.commandId(), refused.refusal(), null), List.of());
		}
		eventLog.record(appender.writes(), p.actor.name(), r.type().name(), fingerprint(r), result, ctx.now());
		List<LoggedEvent> all = appender.appended();
		return new Outcome(result, List.copyOf(all.subList(mark, all.size())));
	}

	/**
	 * A hash of everything a command says, so a commandId reused for a different command (another part, another
	 * station) is refused instead of silently answered with the first command's result.
	 */
	static String fingerprint(CommandRequest r) {
		// field=value for every field that is set, by name: a field added in a later version (absent, so null)
		// leaves the fingerprints of stored commands unchanged
		java.util.Map<String, Object> fields = new java.util.TreeMap<>();
		for (java.lang.reflect.RecordComponent c : CommandRequest.class.getRecordComponents()) {
			try {
				Object value = c.getAccessor().invoke(r);
				if (value != null && !c.getName().equals("commandId")) {
					fields.put(c.getName(), value);
				}
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
				.digest(fields.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void start() {
		load();
		running = true;
		thread = new Thread(this::loop, "command-writer");
		thread.start();
	}

	@Override
	public void stop() {
		running = false;
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops after the web server and the message broker, so commands already queued are still written. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/**
	 * Commands that change whether a line runs: they never wait behind a backlog of hand-offs. A quality stop's
	 * SIGN_OFF goes with them, so quality's key given just before the lead's RESUME is never overtaken by it.
	 */
	private static final Set<CommandType> URGENT = java.util.EnumSet.of(CommandType.STOP, CommandType.RESUME,
			CommandType.CALL, CommandType.CALL_TO_STOP, CommandType.AUTO_STOP, CommandType.SIGN_OFF);

	/** Whether commands of this type change whether a line runs, and so never wait behind hand-offs. */
	public static boolean urgent(CommandType type) {
		return URGENT.contains(type);
	}

	private record Pending(Actor actor, CommandRequest request, Line line, long received,
			CompletableFuture<CommandResult> result) {
	}

	private record Outcome(CommandResult result, List<LoggedEvent> events) {
	}
}
