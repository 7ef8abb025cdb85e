package org.andon.silence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.andon.command.Actor;
import org.andon.command.CommandWriter;
import org.andon.incident.IncidentView;
import org.andon.incident.Incidents;
import org.andon.line.Line;
import org.andon.line.Station;
import org.andon.line.Topology;
import org.andon.protocol.CommandRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;

/**
 * Looks at every station each {@code andon.silence.tick}: present (a signed-in STOMP session, or any
 * {@link StationPresence}), silent during its line's shift (since when, on the injected clock), or off shift (never
 * silent). A station silent for {@code andon.silence.after} gets one STATION_SILENT (its id derived from the station
 * and the moment the silence began, so it opens one incident); a station that is back while its SILENT incident is
 * open gets STATION_BACK. The moments are kept in memory: after a restart a silence is counted from the start again
 * (the open incident itself is in the database and is closed when the station is back). Sessions are this node's: in
 * a cluster, run it on one node (or stations on other nodes count as silent).
 */
@Component
@ConditionalOnProperty(prefix = "andon.silence", name = "after")
class Silence implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Silence.class);
	static final String KIND = "SILENT";

	private final SilenceProperties properties;
	private final Topology topology;
	private final CommandWriter writer;
	private final Incidents incidents;
	private final SimpUserRegistry sessions;
	private final List<StationPresence> presences;
	private final Clock clock;
	/** Since when each station has been silent during a shift (only stations that are). */
	private final Map<String, Instant> silentSince = new ConcurrentHashMap<>();
	/** The clock's time at the last look, for the gauge: a watcher that stopped looking shows as a stale time. */
	private volatile Instant lastLook = Instant.EPOCH;
	private ScheduledExecutorService ticker;
	private volatile boolean running;

	Silence(SilenceProperties properties, Topology topology, CommandWriter writer, Incidents incidents,
			@Lazy SimpUserRegistry sessions, List<StationPresence> presences, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.topology = topology;
		this.writer = writer;
		this.incidents = incidents;
		this.sessions = sessions;
		this.presences = List.copyOf(presences);
		this.clock = clock;
		Gauge.builder("andon.stations.silent", silentSince, Map::size)
			.description("Stations with no terminal, tablet or MQTT device during their shift right now")
			.register(meters);
		Gauge.builder("andon.silence.last.check", this, s -> s.lastLook.getEpochSecond())
			.description("When silent stations were last looked for (seconds since the epoch, on the server's clock)")
			.baseUnit("seconds").register(meters);
	}

	void tick() {
		Instant now = clock.instant();
		for (Line line : topology.allLines()) {
			boolean inShift = line.roster().shiftAt(now, topology.zone()).isPresent();
			Map<String, Long> open = new HashMap<>();
			for (IncidentView i : incidents.list(line.id(), true, 0, 1000)) {
				if (KIND.equals(i.kind())) {
					open.put(i.stationId(), i.id());
				}
			}
			for (Station station : line.stations()) {
				String id = station.id();
				if (present(id)) {
					silentSince.remove(id);
					if (open.containsKey(id)) {
						writer.submit(Actor.SYSTEM, CommandRequest.back(open.get(id)));
					}
					continue;
				}
				if (!inShift) {
					silentSince.remove(id);
					continue;
				}
				Instant since = silentSince.computeIfAbsent(id, k -> now);
				if (!open.containsKey(id) && Duration.between(since, now).compareTo(properties.after()) >= 0) {
					writer.submit(Actor.SYSTEM, CommandRequest.silent(id, since));
				}
			}
		}
		lastLook = now;
	}

	private boolean present(String stationId) {
		return sessions.getUser(stationId) != null || presences.stream().anyMatch(p -> p.present(stationId));
	}

	@Override
	public void start() {
		running = true;
		ticker = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "silent-stations");
			t.setDaemon(true);
			return t;
		});
		long every = properties.tick().toMillis();
		ticker.scheduleWithFixedDelay(() -> {
			try {
				tick();
			}
			catch (RuntimeException ex) {
				log.warn("silent stations not checked this time", ex);
			}
		}, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		running = false;
		ticker.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Starts after the command writer and stops before it. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}
}
