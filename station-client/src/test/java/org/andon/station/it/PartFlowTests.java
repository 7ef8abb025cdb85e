package org.andon.station.it;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.andon.station.CallType;
import org.andon.station.CommandResult;
import org.andon.station.Resolution;
import org.andon.station.StationClient;
import org.andon.station.StationState;
import org.andon.station.Stop;
import org.andon.station.StopReason;
import org.andon.station.Ticket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The library against the real line server: parts flow through the stations under the three-no rules, and a stop. */
class PartFlowTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	final LineServerProcess server = LineServerProcess.shared();
	final Stations stations = new Stations();
	final String run = UUID.randomUUID().toString().substring(0, 8);

	@AfterEach
	void close() {
		stations.close();
	}

	@Test
	void aPartGoesFromFrameToPackAndASeatJoinsItAtAssembly() throws Exception {
		Stations.Heard weldHeard = new Stations.Heard();
		Stations.Heard paintHeard = new Stations.Heard();
		StationClient frame = stations.station(server.ws(), "FRAME", null);
		StationClient weld = stations.station(server.ws(), "WELD", weldHeard);
		StationClient paint = stations.station(server.ws(), "PAINT", paintHeard);
		StationClient seatCut = stations.station(server.ws(), "SEAT-CUT", null);
		StationClient seatSew = stations.station(server.ws(), "SEAT-SEW", null);
		StationClient assy = stations.station(server.ws(), "ASSY", null);
		StationClient test = stations.station(server.ws(), "TEST", null);
		StationClient pack = stations.station(server.ws(), "PACK", null);
		Stations.awaitReady(frame, weld, paint, seatCut, seatSew, assy, test, pack);
		String body = "B-" + run;
		String seat = "S-" + run;

		accepted(frame.receive(body));
		accepted(frame.pass(body, null));
		awaitThat("WELD hears of " + body, () -> weldHeard.has("PART_INCOMING " + body + " from FRAME"),
				() -> weldHeard.lines + " " + weld.status());
		assertThat(weld.status().partsIncoming()).contains(body);
		accepted(weld.accept(body));

		// Don't make: a defect in WELD's own work blocks the pass until it is reworked.
		accepted(weld.reportDefect(body, "WELD-POROSITY", "pore at seam 3"));
		rejected(weld.pass(body, null), "PART_HAS_OPEN_DEFECT");
		accepted(weld.clearDefect(body, Resolution.REWORKED, null));
		accepted(weld.pass(body, null));

		// Don't accept: PAINT refuses it, and it comes back to WELD with an open defect.
		awaitThat("PAINT hears of " + body, () -> paintHeard.has("PART_INCOMING " + body + " from WELD"),
				() -> paintHeard.lines + " " + paint.status());
		accepted(paint.reject(body, "SCRATCH", null, "dent on the left rail"));
		await().atMost(WAIT).until(() -> weldHeard.has("PART_REJECTED " + body + " SCRATCH"));
		assertThat(weld.status().openDefects()).containsEntry(body, "SCRATCH");
		accepted(weld.clearDefect(body, Resolution.REWORKED, "polished"));
		accepted(weld.pass(body, null));
		await().atMost(WAIT).until(() -> paint.status().partsIncoming().contains(body));
		accepted(paint.accept(body));
		accepted(paint.pass(body, "ASSY"));

		accepted(seatCut.receive(seat));
		accepted(seatCut.pass(seat, null));
		await().atMost(WAIT).until(() -> seatSew.status().partsIncoming().contains(seat));
		accepted(seatSew.accept(seat));
		accepted(seatSew.pass(seat, null));

		await().atMost(WAIT).until(() -> assy.status().partsIncoming().containsAll(java.util.List.of(body, seat)));
		accepted(assy.accept(seat));
		accepted(assy.accept(body));
		accepted(assy.pass(body, null));
		await().atMost(WAIT).until(() -> test.status().partsIncoming().contains(body));
		accepted(test.accept(body));
		accepted(test.pass(body, null));
		await().atMost(WAIT).until(() -> pack.status().partsIncoming().contains(body));
		accepted(pack.accept(body));
		accepted(pack.pass(body, null));
		assertThat(pack.status().partsHeld()).doesNotContain(body);

		assertThat(server.get("/api/lines/FA1/parts/" + body + "/trace")).extracting(e -> e.get("type").asString())
			.containsSubsequence("PART_RECEIVED", "DEFECT_REPORTED", "PASS_BLOCKED", "DEFECT_CLEARED", "PART_PASSED",
					"HAND_OFF_REJECTED", "DEFECT_CLEARED", "PART_PASSED", "HAND_OFF_ACCEPTED", "PART_COMPLETED");
	}

	@Test
	void aPartOnItsWayIsHeldWhenItsMakerFindsADefectInItsOwnWorkAndTheCustomersTerminalShowsIt() throws Exception {
		StationClient seatCut = stations.station(server.ws(), "SEAT-CUT", null);
		StationClient seatSew = stations.station(server.ws(), "SEAT-SEW", null);
		Stations.awaitReady(seatCut, seatSew);
		String first = "H1-" + run;
		String second = "H2-" + run;
		accepted(seatCut.receive(first));
		accepted(seatCut.pass(first, null));
		accepted(seatCut.receive(second));
		// don't make: SEAT-CUT finds a scratch in its own work, so what it passed just before is suspect
		accepted(seatCut.reportDefect(second, "SCRATCH", "cutter blade chipped"));
		awaitThat("SEAT-SEW is told " + first + " is on hold", () -> seatSew.status().onHold().containsKey(first),
				() -> seatSew.status().toString());
		assertThat(seatSew.status().onHold().get(first)).isEqualTo("SCRATCH on " + second + ", made at SEAT-CUT");
		accepted(seatSew.accept(first));
		rejected(seatSew.pass(first, null), "PART_ON_HOLD");
		accepted(seatCut.clearDefect(second, Resolution.SCRAPPED, "blade changed"));
	}

	@Test
	void aStopHaltsTheStationsDownstreamAndTheLeadResumesIt() throws Exception {
		Stations.Heard packHeard = new Stations.Heard();
		Stations.Heard assyHeard = new Stations.Heard();
		StationClient test = stations.station(server.ws(), "TEST", null);
		StationClient pack = stations.station(server.ws(), "PACK", packHeard);
		StationClient assy = stations.station(server.ws(), "ASSY", assyHeard);
		Stations.awaitReady(test, pack, assy);
		await().atMost(WAIT).until(() -> pack.status().state() == StationState.RUNNING
				&& test.status().state() == StationState.RUNNING);

		// a maintenance stop: the lead resumes it alone (a quality stop takes quality's key too)
		CommandResult stop = accepted(test.stop(StopReason.MAINTENANCE, "TEST-FAIL", "leak test fails " + run));
		await().atMost(WAIT).until(() -> packHeard.has("HALT by TEST MAINTENANCE"));
		await().atMost(WAIT).until(() -> pack.status().state() == StationState.HALTED
				&& test.status().state() == StationState.STOPPED);
		assertThat(test.status().stops()).extracting(Stop::stopId).contains(stop.seq());
		assertThat(pack.status().stops()).extracting(Stop::note).contains("leak test fails " + run);
		await().atMost(WAIT).until(() -> assyHeard.has("CUSTOMER_STOPPED TEST"));

		try (LeadDesk lead = new LeadDesk(server.ws())) {
			assertThat(lead.resume(stop.seq()).get("status").asString()).isEqualTo("ACCEPTED");
		}
		await().atMost(WAIT).until(() -> packHeard.has("RESUME " + stop.seq()));
		await().atMost(WAIT).until(() -> pack.status().state() == StationState.RUNNING
				&& test.status().state() == StationState.RUNNING && test.status().stops().isEmpty());
		await().atMost(WAIT).until(() -> assyHeard.has("CUSTOMER_RESUMED " + stop.seq()));
	}

	@Test
	void aCallAsksForHelpWithoutStoppingAndTheLeadContainsItInTime() throws Exception {
		StationClient weld = stations.station(server.ws(), "WELD", null);
		Stations.awaitReady(weld);
		await().atMost(WAIT).until(() -> weld.status().state() != StationState.UNKNOWN);
		assertThat(weld.status().state()).as("WELD must be free for this test").isEqualTo(StationState.RUNNING);

		CommandResult call = accepted(weld.call(CallType.MAINTENANCE, null, null, "wire feed jams " + run));
		awaitThat("WELD is CALLING", () -> weld.status().state() == StationState.CALLING, weld::status);
		assertThat(weld.status().calls()).singleElement().satisfies(c -> {
			assertThat(c.callId()).isEqualTo(call.seq());
			assertThat(c.callType()).isEqualTo("MAINTENANCE");
			assertThat(c.autoStopAt()).as("the line stops unless contained").isNotNull();
		});
		try (LeadDesk lead = new LeadDesk(server.ws())) {
			assertThat(lead.contain(call.seq()).get("status").asString()).isEqualTo("ACCEPTED");
		}
		awaitThat("WELD runs again", () -> weld.status().state() == StationState.RUNNING
				&& weld.status().calls().isEmpty(), weld::status);
	}

	/** Waits like Awaitility, and on time-out says what the station knew. */
	static void awaitThat(String what, java.util.concurrent.Callable<Boolean> condition,
			java.util.function.Supplier<Object> knew) {
		try {
			await().atMost(WAIT).until(condition);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError(what + " within " + WAIT.toSeconds() + " s; the station knew: " + knew.get(), ex);
		}
	}

	static CommandResult accepted(Ticket t) throws Exception {
		CommandResult r = t.result().get(15, TimeUnit.SECONDS);
		assertThat(r.status()).as(t.command().summary() + " -> " + r).isEqualTo("ACCEPTED");
		return r;
	}

	static CommandResult rejected(Ticket t, String code) throws Exception {
		CommandResult r = t.result().get(15, TimeUnit.SECONDS);
		assertThat(r.status()).as(t.command().summary() + " -> " + r).isEqualTo("REJECTED");
		assertThat(r.code()).isEqualTo(code);
		return r;
	}
}
