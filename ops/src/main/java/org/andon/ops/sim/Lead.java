package org.andon.ops.sim;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.springframework.web.socket.messaging.WebSocketStompClient;

import org.andon.testsupport.StationSession;

/**
 * The simulated shift lead: signed in as a person over STOMP, resumes each stop the simulator pulled once the hold
 * time after its acceptance is over, and frees the line for the next stop whatever the answer.
 */
final class Lead implements AutoCloseable {

	private final Duration hold;
	private final AtomicLong inFlight;
	private final AtomicReferenceArray<StopRecord> openStops;
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "sim-lead");
		t.setDaemon(true);
		return t;
	});
	private StationSession session;

	/** {@code inFlight} counts the RESUMEs not yet answered; {@code openStops} holds each line's open stop. */
	Lead(Duration hold, AtomicLong inFlight, AtomicReferenceArray<StopRecord> openStops) {
		this.hold = hold;
		this.inFlight = inFlight;
		this.openStops = openStops;
	}

	/** Signs in on {@code client}, following the pages of {@code lineId} (not its topic: the lead only resumes). */
	void signIn(WebSocketStompClient client, URI server, String lineId) throws Exception {
		session = StationSession.signIn(server, Plant.LEAD, Plant.PASSWORD).client(client).withoutHeartbeats()
			.line(lineId).withoutLineTopic().onPage(page -> {
			}).connect();
	}

	boolean signedIn() {
		return session != null;
	}

	/** The stop was accepted: resume it after the hold time. */
	void resumeLater(StopRecord r) {
		timer.schedule(() -> resume(r), hold.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void resume(StopRecord r) {
		inFlight.incrementAndGet();
		session.commandAsync(Map.of("type", "RESUME", "stopId", r.stopId, "note", "simulated resume"))
			.orTimeout(30, TimeUnit.SECONDS).whenComplete((result, ex) -> {
				inFlight.decrementAndGet();
				if (ex != null || !"ACCEPTED".equals(result.path("status").asString(""))) {
					r.phase.resumeFailures.increment();
				}
				openStops.compareAndSet(r.line, r, null);
			});
	}

	@Override
	public void close() {
		if (session != null) {
			session.close();
		}
		timer.shutdownNow();
	}
}
