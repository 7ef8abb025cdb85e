package org.andon.incident;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.andon.command.Actor;
import org.andon.command.CommandWriter;
import org.andon.line.Topology;
import org.andon.log.RowWrites;
import org.springframework.jdbc.core.JdbcTemplate;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looks for incidents whose acknowledgement is overdue (their stored deadline has passed on the injected clock) and
 * sends the line server an ESCALATE for the next step. The command's id is derived from incident and step, and the
 * handler checks the step is still due, so a step fires exactly once however often it is asked for — including
 * after a restart, when overdue steps are found on the first tick. Containments whose holds stay open longer than
 * their line allows get a HOLD_OVERDUE the same way (derived id, paged once), and shelves whose time is up a
 * SHELF_EXPIRED.
 */
@Component
class EscalationTicker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EscalationTicker.class);

	private final IncidentRepository incidents;
	private final JdbcTemplate jdbc;
	private final Topology topology;
	private final CommandWriter writer;
	private final TransactionTemplate tx;
	private final Clock clock;
	private final Duration every;
	private ScheduledExecutorService executor;

	EscalationTicker(IncidentRepository incidents, JdbcTemplate jdbc, Topology topology, CommandWriter writer,
			PlatformTransactionManager txManager, Clock clock, @Value("${andon.escalation.tick:1s}") Duration every) {
		this.incidents = incidents;
		this.jdbc = jdbc;
		this.topology = topology;
		this.writer = writer;
		this.tx = new TransactionTemplate(txManager);
		this.clock = clock;
		this.every = every;
	}

	/** Asks for every overdue step; returns how many were asked for. */
	int tick() {
		var due = tx.execute(s -> {
			java.util.List<CommandRequest> asks = new java.util.ArrayList<>();
			incidents.callsDue(clock.instant()).forEach(i -> asks.add(CommandRequest.autoStop(i.id())));
			incidents.due(clock.instant()).forEach(i -> asks.add(CommandRequest.escalate(i.id(), i.steps() + 1)));
			topology.lines().forEach((id, line) -> jdbc.queryForList("select c.id from containment c where "
					+ "c.line_id = ? and c.incident_id is null and exists (select 1 from part_hold h where "
					+ "h.containment_id = c.id and h.status = 'OPEN' and h.placed_at <= ?) order by c.id", Long.class,
					id, RowWrites.time(clock.instant().minus(line.containment().holdWithin())))
				.forEach(c -> asks.add(CommandRequest.holdOverdue(c))));
			jdbc.query("select id, station_id, alarm from alarm_suppression where kind = 'SHELF' and ended_at is null "
					+ "and until <= ? order by id", rs -> {
						asks.add(CommandRequest.shelfExpired(rs.getLong(1), rs.getString(2), rs.getString(3)));
					}, RowWrites.time(clock.instant()));
			return asks;
		});
		for (CommandRequest escalate : due) {
			writer.submit(Actor.SYSTEM, escalate).thenAccept(result -> {
				if (result.status() == CommandResult.Status.REJECTED && result.code() != null
						&& !"ESCALATION_NOT_DUE".equals(result.code().name())) {
					log.warn("{} of incident {} refused: {}", escalate.type(), escalate.incidentId(), result.message());
				}
			});
		}
		return due.size();
	}

	@Override
	public void start() {
		executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "escalation-ticker"));
		executor.scheduleWithFixedDelay(() -> {
			try {
				tick();
			}
			catch (RuntimeException ex) {
				log.error("escalation tick failed; trying again", ex);
			}
		}, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		executor.shutdown();
	}

	@Override
	public boolean isRunning() {
		return executor != null && !executor.isShutdown();
	}

	/** Starts after the command writer, stops before it. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}
}
