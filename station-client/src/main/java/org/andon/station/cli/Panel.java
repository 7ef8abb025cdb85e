package org.andon.station.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import org.andon.station.Call;
import org.andon.station.CallType;
import org.andon.station.CommandType;
import org.andon.station.Connection;
import org.andon.station.QueuedCommand;
import org.andon.station.StationState;
import org.andon.station.StationStatus;
import org.andon.station.Stop;
import org.andon.station.StopReason;

/**
 * Draws the station's screen from its status and the worker's desk: pure, so what the worker sees is tested
 * without a terminal. Times show in the plant's zone.
 */
final class Panel {

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
	private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
	private static final AttributedStyle BOLD = PLAIN.bold();
	private static final AttributedStyle DIM = PLAIN.faint();
	private static final AttributedStyle GREEN = BOLD.foreground(AttributedStyle.GREEN);
	private static final AttributedStyle RED = BOLD.foreground(AttributedStyle.RED);
	private static final AttributedStyle YELLOW = BOLD.foreground(AttributedStyle.YELLOW);
	private static final AttributedStyle MAGENTA = BOLD.foreground(AttributedStyle.MAGENTA);
	private static final AttributedStyle ALARM = BOLD.foreground(AttributedStyle.WHITE).background(AttributedStyle.RED)
		.blink();
	private static final AttributedStyle WARN = BOLD.foreground(AttributedStyle.BLACK)
		.background(AttributedStyle.YELLOW);
	private static final AttributedStyle BAR = PLAIN.inverse();

	private final ZoneId zone;

	Panel(ZoneId zone) {
		this.zone = zone;
	}

	List<AttributedString> render(StationStatus s, Desk desk, Instant now, int cols, int rows) {
		List<AttributedString> out = new ArrayList<>();
		header(out, s, now, cols);
		big(out, s, cols, rows);
		List<AttributedString> body = new ArrayList<>();
		if (desk.help()) {
			help(body, desk);
		}
		else if (desk.step() == Desk.Step.DEFECT_CODE && !desk.codes(s).isEmpty()) {
			defectList(body, s, desk);
		}
		else {
			banners(body, s, now);
			parts(body, s);
			results(body, desk);
			queued(body, s);
		}
		List<AttributedString> bottom = new ArrayList<>();
		prompt(bottom, s, desk);
		bottom.add(desk.message() == null ? AttributedString.EMPTY
				: new AttributedString(desk.message(), desk.messageIsError() ? RED : PLAIN));
		bottom.add(new AttributedString(pad(" S stop  Y call  A accept  P pass  R reject  D defect  C clear"
				+ "  N new  H help  Q quit", cols), BAR));
		int room = rows - out.size() - bottom.size();
		for (int i = 0; i < room; i++) {
			out.add(i < body.size() ? body.get(i) : AttributedString.EMPTY);
		}
		out.addAll(bottom);
		List<AttributedString> fitted = new ArrayList<>();
		for (AttributedString line : out.subList(Math.max(0, out.size() - rows), out.size())) {
			fitted.add(line.columnLength() > cols ? line.columnSubSequence(0, cols) : line);
		}
		return fitted;
	}

	private void header(List<AttributedString> out, StationStatus s, Instant now, int cols) {
		AttributedStringBuilder b = new AttributedStringBuilder();
		b.style(BOLD).append(" ").append(s.stationId()).style(PLAIN);
		if (s.name() != null && !s.name().equals(s.stationId())) {
			b.append("  ").append(s.name());
		}
		if (s.lineId() != null) {
			b.append("  line ").append(s.lineId());
		}
		AttributedStringBuilder right = new AttributedStringBuilder();
		Connection c = s.connection();
		switch (c.state()) {
			case ONLINE -> right.style(GREEN).append(c.caughtUp() ? "ONLINE" : "ONLINE, catching up");
			case CONNECTING -> right.style(YELLOW).append("CONNECTING");
			case REFUSED -> right.style(RED).append("REFUSED");
			default -> right.style(RED).append("OFFLINE");
		}
		right.style(PLAIN);
		if (c.server() != null && c.server().getAuthority() != null) {
			// Which node of the line server: after a failover the lead wants to know where the station went.
			right.append(" ").append(c.server().getAuthority());
		}
		if (!s.queued().isEmpty()) {
			right.append("  ").style(c.online() ? YELLOW : RED).append(s.queued().size() + " queued").style(PLAIN);
		}
		right.append("  ").append(CLOCK.format(now.atZone(zone))).append(" ");
		int gap = Math.max(1, cols - b.columnLength() - right.columnLength());
		b.append(" ".repeat(gap)).append(right);
		out.add(b.toAttributedString());
		out.add(AttributedString.EMPTY);
	}

	private void big(List<AttributedString> out, StationStatus s, int cols, int rows) {
		String state = s.state() == StationState.UNKNOWN ? "- - -" : s.state().name();
		AttributedStyle stateStyle = switch (s.state()) {
			case RUNNING -> GREEN;
			case CALLING -> YELLOW;
			case STOPPED -> RED;
			case HALTED -> MAGENTA;
			default -> DIM;
		};
		String id = s.stationId();
		if (BigLetters.width(id) + 4 + BigLetters.width(state) + 2 <= cols) {
			List<String> left = BigLetters.render(id);
			List<String> right = BigLetters.render(state);
			for (int r = 0; r < BigLetters.HEIGHT; r++) {
				AttributedStringBuilder b = new AttributedStringBuilder().append(" ");
				b.style(BOLD).append(left.get(r)).style(PLAIN).append("    ").style(stateStyle).append(right.get(r));
				out.add(b.toAttributedString());
			}
		}
		else {
			if (rows >= 30 && BigLetters.width(id) + 2 <= cols) {
				BigLetters.render(id).forEach(l -> out.add(new AttributedString(" " + l, BOLD)));
				out.add(AttributedString.EMPTY);
			}
			if (BigLetters.width(state) + 2 <= cols) {
				BigLetters.render(state).forEach(l -> out.add(new AttributedString(" " + l, stateStyle)));
			}
			else {
				out.add(new AttributedString(" " + state, stateStyle));
			}
		}
		out.add(AttributedString.EMPTY);
	}

	private void banners(List<AttributedString> out, StationStatus s, Instant now) {
		if (s.stopNotYetSent()) {
			out.add(new AttributedString("  STOP NOT YET SENT \u2014 call your lead  ", ALARM));
			out.add(new AttributedString("  The terminal is offline; it keeps trying and sends the stop the moment "
					+ "the server answers.", RED));
		}
		else if (s.stopWaiting()) {
			out.add(new AttributedString("  STOP sent \u2014 waiting for the server to confirm  ", WARN));
		}
		for (Stop stop : s.stops()) {
			boolean own = s.stationId().equals(stop.stoppedStation());
			AttributedStringBuilder b = new AttributedStringBuilder();
			b.style(own ? RED : MAGENTA).append(own ? "STOPPED" : "HALTED by " + stop.stoppedStation());
			b.style(BOLD).append(": ").append(stop.reason() == null ? "reason not known yet" : stop.reason());
			if (stop.defectCode() != null) {
				b.append(" ").append(stop.defectCode());
			}
			b.style(PLAIN);
			if (stop.note() != null) {
				b.append(" \u201c").append(stop.note()).append("\u201d");
			}
			if (stop.startedAt() != null) {
				b.append(" \u2014 since ").append(CLOCK.format(stop.startedAt().atZone(zone))).append(" (")
					.append(ago(stop.startedAt(), now)).append(")");
			}
			out.add(b.toAttributedString());
		}
		for (Call call : s.calls()) {
			AttributedStringBuilder b = new AttributedStringBuilder();
			b.style(YELLOW).append("CALLING for " + (call.callType() == null ? "help" : call.callType()
				.toLowerCase(java.util.Locale.ROOT))).style(PLAIN);
			if (call.openedAt() != null) {
				b.append(" since ").append(CLOCK.format(call.openedAt().atZone(zone)));
			}
			if (call.autoStopAt() != null) {
				long left = Duration.between(now, call.autoStopAt()).toSeconds();
				b.append(" \u2014 ").style(left <= 15 ? RED : BOLD).append(left > 0 ? "the line stops in " + left
						+ " s (" + CLOCK.format(call.autoStopAt().atZone(zone)) + ") unless the problem is contained"
						: "not contained by " + CLOCK.format(call.autoStopAt().atZone(zone))).style(PLAIN);
			}
			else if (s.state() == StationState.STOPPED) {
				b.append(" \u2014 the call stays open until the stop ends");
			}
			else {
				b.append(" \u2014 help is called; keep working");
			}
			out.add(b.toAttributedString());
		}
		if (s.stops().isEmpty() && s.calls().isEmpty() && s.state() != StationState.RUNNING && s.state() != StationState.UNKNOWN
				&& s.since() != null) {
			out.add(new AttributedString(s.state() + " since " + CLOCK.format(s.since().atZone(zone)) + " ("
					+ ago(s.since(), now) + ")", s.state() == StationState.STOPPED ? RED : MAGENTA));
		}
		for (Stop stop : s.customerStops()) {
			out.add(new AttributedString("Customer " + stop.stoppedStation() + " is stopped (" + stop.reason()
					+ ") \u2014 hold parts for it", YELLOW));
		}
		Connection c = s.connection();
		if (c.state() == Connection.State.REFUSED) {
			out.add(new AttributedString(c.detail() + " \u2014 check the token file", RED));
		}
		else if (!c.online()) {
			String next = c.nextAttempt() == null || c.state() != Connection.State.OFFLINE ? ""
					: ", next try in " + Math.max(0, Duration.between(now, c.nextAttempt()).toSeconds()) + " s";
			out.add(new AttributedString("OFFLINE since " + CLOCK.format(c.since().atZone(zone)) + next + " \u2014 "
					+ c.detail(), RED));
		}
		out.add(AttributedString.EMPTY);
	}

	private static void parts(List<AttributedString> out, StationStatus s) {
		AttributedStringBuilder b = new AttributedStringBuilder().append("Part at hand: ");
		String part = s.currentPart();
		if (part == null) {
			b.style(DIM).append("none");
		}
		else {
			b.style(BOLD).append(part).style(PLAIN);
			if (!s.partsHeld().contains(part)) {
				b.append(" (waiting to be accepted)");
			}
			String defect = s.openDefects().get(part);
			if (defect != null) {
				b.append("  ").style(RED).append("open defect " + defect + " \u2014 don't pass");
			}
			String hold = s.onHold().get(part);
			if (hold != null) {
				b.append("  ").style(RED).append("ON HOLD (suspect: " + hold + ") \u2014 don't pass; quality decides");
			}
		}
		out.add(b.toAttributedString());
		if (!s.onHold().isEmpty()) {
			out.add(new AttributedStringBuilder().style(RED).append("On hold here: " + String.join(", ",
					s.onHold().keySet())).toAttributedString());
		}
		if (!s.partsIncoming().isEmpty()) {
			out.add(new AttributedString("Coming in: " + String.join(", ", s.partsIncoming())));
		}
		if (s.partsHeld().size() > 1) {
			out.add(new AttributedString("Also here: " + String.join(", ",
					s.partsHeld().subList(0, s.partsHeld().size() - 1))));
		}
		out.add(AttributedString.EMPTY);
	}

	private void results(List<AttributedString> out, Desk desk) {
		if (desk.results().isEmpty()) {
			return;
		}
		out.add(new AttributedString("Last results:", DIM));
		for (String r : desk.results()) {
			String[] atAndText = r.split("\\|", 2);
			String at = CLOCK.format(Instant.parse(atAndText[0]).atZone(zone));
			boolean ok = atAndText[1].contains("-> ACCEPTED");
			out.add(new AttributedStringBuilder().append("  ").append(at).append("  ")
				.style(ok ? PLAIN : RED).append(atAndText[1].replace("->", "\u2192")).toAttributedString());
		}
	}

	private static void queued(List<AttributedString> out, StationStatus s) {
		if (s.queued().isEmpty()) {
			return;
		}
		List<String> names = new ArrayList<>();
		for (QueuedCommand q : s.queued()) {
			names.add(q.command().summary());
		}
		out.add(new AttributedString("Waiting for the server (" + s.queued().size() + "): "
				+ String.join(", ", names), s.connection().online() ? YELLOW : RED));
	}

	private static void prompt(List<AttributedString> out, StationStatus s, Desk desk) {
		AttributedStringBuilder b = new AttributedStringBuilder();
		switch (desk.step()) {
			case IDLE, CONFIRM_QUIT -> b.style(DIM).append("Press a key: S stop, Y call for help, A accept, P pass,"
					+ " R reject, D defect, C clear, N new part.");
			case SERIAL -> {
				String suggestion = desk.suggestion(s);
				b.style(BOLD).append(verb(desk.action())).style(PLAIN).append(" \u2014 scan or type the serial, Enter")
					.append(suggestion == null ? "" : " (Enter alone: " + suggestion + ")").append(", Esc cancels: ")
					.style(BOLD).append(desk.typed()).append("_");
			}
			case DEFECT_CODE -> {
				List<String> codes = desk.codes(s);
				b.style(BOLD).append(verb(desk.action()) + " " + desk.serial()).style(PLAIN);
				if (codes.isEmpty()) {
					b.append(" \u2014 type the defect code, Enter: ").style(BOLD).append(desk.typed()).append("_");
				}
				else {
					b.append(" \u2014 pick the defect code: its number, or the arrows and Enter (Esc cancels)");
				}
			}
			case RESOLUTION -> b.style(BOLD).append("Clear " + desk.serial()).style(PLAIN)
				.append(" \u2014 1 reworked, 2 scrapped (Esc cancels)");
			case CUSTOMER -> {
				b.style(BOLD).append("Pass " + desk.serial() + " to:").style(PLAIN);
				for (int i = 0; i < s.customers().size(); i++) {
					b.append("  " + (i + 1) + " " + s.customers().get(i));
				}
			}
			case CALL_TYPE -> {
				b.style(YELLOW).append("CALL").style(PLAIN).append(" for help \u2014 what about?");
				CallType[] types = CallType.values();
				for (int i = 0; i < types.length; i++) {
					b.append("  " + (i + 1) + " " + types[i].name().toLowerCase(java.util.Locale.ROOT));
				}
				b.append("   (Esc cancels)");
			}
			case REASON -> {
				b.style(RED).append("STOP").style(PLAIN).append(" \u2014 why?");
				StopReason[] reasons = StopReason.values();
				for (int i = 0; i < reasons.length; i++) {
					b.append("  " + (i + 1) + " " + reasons[i].name().toLowerCase(java.util.Locale.ROOT));
				}
				b.append("   (Esc cancels)");
			}
			case NOTE -> {
				boolean call = desk.action() == CommandType.CALL;
				b.style(call ? YELLOW : RED).append(call ? "CALL" : "STOP").style(PLAIN)
					.append(" \u2014 a note (optional), Enter sends the " + (call ? "call" : "stop") + ": ").style(BOLD)
					.append(desk.typed()).append("_");
			}
		}
		out.add(b.toAttributedString());
	}

	private static void defectList(List<AttributedString> out, StationStatus s, Desk desk) {
		List<String> codes = desk.codes(s);
		out.add(new AttributedString("Defect codes of the line:", BOLD));
		for (int i = 0; i < codes.size(); i++) {
			String code = codes.get(i);
			String description = s.defectCodes().stream().filter(d -> d.code().equals(code)).map(d -> d.description())
				.filter(d -> d != null).findFirst().orElse("");
			String number = i < 9 ? String.valueOf(i + 1) : " ";
			String line = String.format("  %s  %-16s %s", number, code, description);
			out.add(new AttributedString(line, i == desk.highlighted() ? BAR : PLAIN));
		}
	}

	private static void help(List<AttributedString> out, Desk desk) {
		for (String line : List.of("Keys", "  S  stop the line here (pick the reason, Enter)",
				"  Y  call for help without stopping (yellow andon); the line stops if not contained in time",
				"  A  accept the part your supplier passed you", "  R  reject it: send it back with a defect code",
				"  D  report a defect in your own work (pick the code)",
				"  C  clear a part's defect: 1 reworked, 2 scrapped", "  P  pass a good part on",
				"  N  a new part onto the line (first stations only)",
				"  Serials: scan or type, then Enter. Enter alone takes the part shown. Esc cancels.",
				"  H  this help on and off     Q  close the terminal",
				"Every command is kept on this machine until the server confirms it.")) {
			out.add(new AttributedString(line, line.startsWith(" ") ? PLAIN : BOLD));
		}
	}

	private static String verb(CommandType type) {
		return switch (type) {
			case RECEIVE -> "New part";
			case ACCEPT -> "Accept";
			case REJECT -> "Reject";
			case REPORT_DEFECT -> "Defect";
			case CLEAR_DEFECT -> "Clear";
			case PASS -> "Pass";
			case STOP -> "Stop";
			case CALL -> "Call";
		};
	}

	static String ago(Instant then, Instant now) {
		long s = Math.max(0, Duration.between(then, now).toSeconds());
		if (s < 60) {
			return s + " s";
		}
		if (s < 3600) {
			return (s / 60) + " min";
		}
		return (s / 3600) + " h " + (s % 3600 / 60) + " min";
	}

	private static String pad(String s, int cols) {
		return s.length() >= cols ? s : s + " ".repeat(cols - s.length());
	}
}
