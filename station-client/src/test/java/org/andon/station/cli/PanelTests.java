package org.andon.station.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

import org.andon.station.Call;
import org.andon.station.CallType;
import org.andon.station.Command;
import org.andon.station.CommandResult;
import org.andon.station.CommandType;
import org.andon.station.Connection;
import org.andon.station.DefectCode;
import org.andon.station.QueuedCommand;
import org.andon.station.StationState;
import org.andon.station.StationStatus;
import org.andon.station.Stop;
import org.andon.station.StopReason;

import static org.assertj.core.api.Assertions.assertThat;

/** What the worker sees and what the keys do, without a terminal. */
class PanelTests {

	static final Instant NOW = Instant.parse("2026-03-02T06:30:00Z");
	final Panel panel = new Panel(ZoneOffset.UTC);
	final Desk desk = new Desk(List.of());

	@Test
	void aStopQueuedWhileOfflineIsShoutedAboutWithTheQueuedCount() {
		StationStatus s = status(StationState.RUNNING, offline(), List.of(), List.of(queued(CommandType.STOP)));
		String screen = text(s);
		assertThat(screen).contains("STOP NOT YET SENT \u2014 call your lead", "OFFLINE", "1 queued",
				"Waiting for the server (1): STOP QUALITY");
	}

	@Test
	void theHeaderNamesTheNodeOfTheLineServerTheStationIsOn() {
		Connection onB = new Connection(Connection.State.ONLINE, "connected to ws://node-b:8080/ws",
				NOW.minusSeconds(5), null, true, java.net.URI.create("ws://node-b:8080/ws"));
		String header = text(status(StationState.RUNNING, onB, List.of(), List.of())).lines().findFirst()
			.orElseThrow();
		assertThat(header).contains("ONLINE node-b:8080");
	}

	@Test
	void aHaltedStationShowsWhoStoppedItWhyAndSinceWhenInLargeLetters() {
		Stop stop = new Stop(17, "PAINT", "QUALITY", "PAINT-RUN", "sag on door", NOW.minusSeconds(300), "PAINT");
		String screen = text(status(StationState.HALTED, online(), List.of(stop), List.of()));
		assertThat(screen).contains("HALTED by PAINT: QUALITY PAINT-RUN \u201csag on door\u201d \u2014 since 06:25:00"
				+ " (5 min)", "ONLINE");
		assertThat(screen).contains(BigLetters.render("HALTED").get(0)).contains(BigLetters.render("ASSY").get(2));
		assertThat(screen).doesNotContain("NOT YET SENT");
	}

	@Test
	void stoppingTakesThreeKeysAndBadKeysGetALocalMessage() {
		StationStatus s = status(StationState.RUNNING, online(), List.of(), List.of());
		assertThat(desk.key('x', s)).isNull();
		assertThat(desk.message()).contains("'x' does nothing here", "H for help");
		assertThat(desk.key('S', s)).isNull();
		assertThat(text(s)).contains("STOP \u2014 why?", "1 quality", "2 safety");
		assertThat(desk.key('2', s)).isNull();
		Instruction stop = desk.key(Desk.ENTER, s);
		assertThat(stop.type()).isEqualTo(CommandType.STOP);
		assertThat(stop.reason()).isEqualTo(StopReason.SAFETY);
		assertThat(desk.step()).isEqualTo(Desk.Step.IDLE);
	}

	@Test
	void aCallShowsInYellowWithTheTimeLeftBeforeTheLineStops() {
		Call call = new Call(130, "MAINTENANCE", NOW.minusSeconds(30), NOW.plusSeconds(45));
		String screen = text(status(StationState.CALLING, online(), List.of(), List.of(call), List.of()));
		assertThat(screen).contains(BigLetters.render("CALLING").get(0),
				"CALLING for maintenance since 06:29:30 \u2014 the line stops in 45 s (06:30:45) unless the problem is"
						+ " contained");
	}

	@Test
	void callingForHelpTakesTheTypeAndAnOptionalNote() throws Exception {
		StationStatus s = status(StationState.RUNNING, online(), List.of(), List.of());
		desk.key('y', s);
		assertThat(text(s)).contains("CALL for help \u2014 what about?", "2 maintenance");
		desk.key('3', s);
		for (char c : "no foam".toCharArray()) {
			desk.key(c, s);
		}
		assertThat(desk.key(Desk.ENTER, s)).isEqualTo(new Instruction(CommandType.CALL, null, null, null, "no foam",
				null, null, CallType.MATERIAL));
		assertThat(Instruction.parse("call safety guard open", List.of()).callType()).isEqualTo(CallType.SAFETY);
		assertThat(code("call lunch")).isEqualTo("UNKNOWN_CALL_TYPE");
	}

	@Test
	void aPartOnHoldIsMarkedDontPassWithTheDefectThatMadeItSuspect() {
		StationStatus s = new StationStatus("PAINT", "Paint", "FA1", StationState.RUNNING, null, List.of(), List.of(),
				List.of(), List.of("W-5"), List.of(), Map.of(), List.of(), List.of("ASSY"), online(), List.of(), 9,
				Map.of("W-5", "WELD-POROSITY on W-4, made at WELD"));
		assertThat(text(s)).contains("W-5  ON HOLD (suspect: WELD-POROSITY on W-4, made at WELD)", "don't pass",
				"On hold here: W-5");
		StationStatus clear = new StationStatus("PAINT", "Paint", "FA1", StationState.RUNNING, null, List.of(),
				List.of(), List.of(), List.of("W-5"), List.of(), Map.of(), List.of(), List.of("ASSY"), online(),
				List.of(), 10);
		assertThat(text(clear)).doesNotContain("ON HOLD", "On hold here");
	}

	@Test
	void rejectTakesTheIncomingPartOnEnterAndADefectCodeFromTheServersList() {
		StationStatus s = new StationStatus("ASSY", "Final assembly", "FA1", StationState.RUNNING, null, List.of(),
				List.of(), List.of(), List.of(), List.of("P-7"), Map.of(), List.of(new DefectCode("SCRATCH", "Scratch"),
						new DefectCode("TORQUE-LOW", "Torque")), List.of("TEST"), online(), List.of(), 5);
		desk.key('r', s);
		assertThat(text(s)).contains("Reject \u2014 scan or type the serial", "Enter alone: P-7");
		desk.key(Desk.ENTER, s);
		assertThat(text(s)).contains("1  SCRATCH          Scratch", "2  TORQUE-LOW       Torque");
		assertThat(desk.key('7', s)).as("no code 7").isNull();
		assertThat(desk.messageIsError()).isTrue();
		desk.key(Desk.DOWN, s);
		Instruction reject = desk.key(Desk.ENTER, s);
		assertThat(reject).isEqualTo(new Instruction(CommandType.REJECT, "P-7", null, "TORQUE-LOW", null, null, null,
				null));
	}

	@Test
	void aScannedSerialIsCheckedAndEscapeCancels() {
		StationStatus s = status(StationState.RUNNING, online(), List.of(), List.of());
		desk.key('p', s);
		for (char c : "BAD SERIAL!".toCharArray()) {
			desk.key(c, s);
		}
		assertThat(desk.key(Desk.ENTER, s)).isNull();
		assertThat(desk.message()).contains("is not a part serial");
		desk.key(Desk.ESC, s);
		assertThat(desk.step()).isEqualTo(Desk.Step.IDLE);
		assertThat(desk.message()).isEqualTo("Cancelled.");
	}

	@Test
	void refusedResultsAreListedAndExplained() {
		StationStatus s = status(StationState.STOPPED, online(), List.of(), List.of());
		Command c = new Command("id-1", CommandType.RECEIVE, "ASSY", "P-1", null, null, null, null, null, null, null);
		desk.result(c, new CommandResult("id-1", "REJECTED", null, "STATION_STOPPED", "ASSY is stopped", false), NOW);
		assertThat(text(s)).contains("06:30:00  RECEIVE P-1 \u2192 REJECTED STATION_STOPPED: ASSY is stopped",
				"RECEIVE P-1 refused: ASSY is stopped");
	}

	@Test
	void theLinesScriptsSendAreCheckedLocally() throws Exception {
		assertThat(Instruction.parse("pass P-1 WELD", List.of()).to()).isEqualTo("WELD");
		assertThat(Instruction.parse("clear P-1 Scrapped because bent", List.of()).note()).isEqualTo("because bent");
		assertThat(code("stop lunch")).isEqualTo("UNKNOWN_REASON");
		assertThat(code("accept")).isEqualTo("MISSING_ARGUMENT");
		assertThat(code("accept P-1 P-2")).isEqualTo("TOO_MANY_ARGUMENTS");
		assertThat(code("clear P-1 fixed")).isEqualTo("UNKNOWN_RESOLUTION");
		assertThat(code("stop quality " + "x".repeat(501))).isEqualTo("NOTE_TOO_LONG");
		assertThat(Instruction.parse("defect P-1 nope", List.of()).defectCode()).as("no list known: the server checks")
			.isEqualTo("NOPE");
	}

	private static String code(String line) {
		try {
			Instruction.parse(line, List.of("SCRATCH"));
			return null;
		}
		catch (Instruction.Invalid invalid) {
			return invalid.code;
		}
	}

	private String text(StationStatus s) {
		StringBuilder b = new StringBuilder();
		for (AttributedString line : panel.render(s, desk, NOW, 120, 40)) {
			b.append(line.toString()).append('\n');
		}
		return b.toString();
	}

	static StationStatus status(StationState state, Connection c, List<Stop> stops, List<QueuedCommand> queued) {
		return status(state, c, stops, List.of(), queued);
	}

	static StationStatus status(StationState state, Connection c, List<Stop> stops, List<Call> calls,
			List<QueuedCommand> queued) {
		return new StationStatus("ASSY", "Final assembly", "FA1", state, NOW.minusSeconds(60), stops, calls, List.of(),
				List.of("P-1"), List.of(), Map.of(), List.of(), List.of("TEST"), c, queued, 5);
	}

	static Connection online() {
		return new Connection(Connection.State.ONLINE, "connected", NOW.minusSeconds(600), null, true);
	}

	static Connection offline() {
		return new Connection(Connection.State.OFFLINE, "cannot reach the server: Connection refused",
				NOW.minusSeconds(30), NOW.plusSeconds(4), false);
	}

	static QueuedCommand queued(CommandType type) {
		return new QueuedCommand(new Command("q-1", type, "ASSY", null, null, null, null, null, StopReason.QUALITY,
				null, null), NOW.minusSeconds(10), 0);
	}
}
