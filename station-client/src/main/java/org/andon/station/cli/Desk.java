package org.andon.station.cli;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.andon.station.CallType;
import org.andon.station.Command;
import org.andon.station.CommandResult;
import org.andon.station.CommandType;
import org.andon.station.DefectCode;
import org.andon.station.Resolution;
import org.andon.station.StationStatus;
import org.andon.station.StopReason;

/**
 * What the worker is in the middle of at the terminal: which action, which step (serial, defect code, resolution,
 * customer, stop reason, note), what has been typed so far, and the last results and messages. Keys go in, a
 * finished {@link Instruction} comes out. No terminal here, so the rules of the keys are tested on their own.
 */
final class Desk {

	static final int ENTER = '\r';
	static final int ESC = 27;
	static final int BACKSPACE = 127;
	static final int UP = -2;
	static final int DOWN = -3;

	/** The step the worker is at. */
	enum Step {
		IDLE, SERIAL, DEFECT_CODE, RESOLUTION, CUSTOMER, REASON, CALL_TYPE, NOTE, CONFIRM_QUIT
	}

	private final List<String> defectCodesGiven;
	private Step step = Step.IDLE;
	private CommandType action;
	private String serial;
	private StopReason reason;
	private CallType callType;
	private final StringBuilder typed = new StringBuilder();
	private int highlighted;
	private String message;
	private boolean messageIsError;
	private boolean help;
	private boolean quit;
	private final Deque<String> results = new ArrayDeque<>();

	Desk(List<String> defectCodesGiven) {
		this.defectCodesGiven = defectCodesGiven;
	}

	/** Takes one key; returns an instruction when the worker has finished giving one, else null. */
	Instruction key(int key, StationStatus status) {
		if (key == ESC && step != Step.IDLE) {
			reset();
			info("Cancelled.");
			return null;
		}
		return switch (step) {
			case IDLE -> idle(key, status);
			case SERIAL -> serial(key, status);
			case DEFECT_CODE -> defectCode(key, status);
			case RESOLUTION -> resolution(key);
			case CUSTOMER -> customer(key, status);
			case REASON -> reason(key);
			case CALL_TYPE -> callType(key);
			case NOTE -> note(key);
			case CONFIRM_QUIT -> {
				if (Character.toUpperCase(key) == 'Q') {
					quit = true;
				}
				else {
					info("Still here.");
				}
				step = Step.IDLE;
				yield null;
			}
		};
	}

	private Instruction idle(int key, StationStatus status) {
		char k = Character.toUpperCase((char) Math.max(key, 0));
		message = null;
		switch (k) {
			case 'S' -> {
				action = CommandType.STOP;
				step = Step.REASON;
			}
			case 'Y' -> {
				action = CommandType.CALL;
				step = Step.CALL_TYPE;
			}
			case 'R' -> startSerial(CommandType.REJECT);
			case 'D' -> startSerial(CommandType.REPORT_DEFECT);
			case 'P' -> startSerial(CommandType.PASS);
			case 'A' -> startSerial(CommandType.ACCEPT);
			case 'C' -> startSerial(CommandType.CLEAR_DEFECT);
			case 'N' -> startSerial(CommandType.RECEIVE);
			case 'H', '?' -> help = !help;
			case 'Q' -> {
				step = Step.CONFIRM_QUIT;
				info("Press Q again to close the terminal (waiting commands are kept and sent next time).");
			}
			default -> {
				if (key == ESC && help) {
					help = false;
				}
				else if (key != ENTER && key != ESC) {
					error("The key '" + printable(key) + "' does nothing here. Press H for help.");
				}
			}
		}
		return null;
	}

	private void startSerial(CommandType type) {
		action = type;
		step = Step.SERIAL;
		typed.setLength(0);
		help = false;
	}

	private Instruction serial(int key, StationStatus status) {
		if (key != ENTER) {
			edit(key);
			return null;
		}
		String s = typed.toString().trim();
		if (s.isEmpty()) {
			s = suggestion(status);
		}
		if (s == null) {
			error("Type or scan the part's serial, then Enter.");
			return null;
		}
		try {
			Instruction.checkSerial(s);
		}
		catch (Instruction.Invalid invalid) {
			error(invalid.getMessage());
			typed.setLength(0);
			return null;
		}
		serial = s;
		typed.setLength(0);
		highlighted = 0;
		return switch (action) {
			case REJECT, REPORT_DEFECT -> {
				step = Step.DEFECT_CODE;
				yield null;
			}
			case CLEAR_DEFECT -> {
				step = Step.RESOLUTION;
				yield null;
			}
			case PASS -> {
				if (status.customers().size() > 1) {
					step = Step.CUSTOMER;
					yield null;
				}
				yield done(new Instruction(CommandType.PASS, serial, null, null, null, null, null, null));
			}
			default -> done(new Instruction(action, serial, null, null, null, null, null, null));
		};
	}

	private Instruction defectCode(int key, StationStatus status) {
		List<String> codes = codes(status);
		if (codes.isEmpty()) {
			if (key != ENTER) {
				edit(key);
				return null;
			}
			if (typed.toString().isBlank()) {
				error("Type the defect code, then Enter.");
				return null;
			}
			return done(new Instruction(action, serial, null, typed.toString().trim().toUpperCase(Locale.ROOT), null,
					null, null, null));
		}
		if (key == UP || key == 'k') {
			highlighted = (highlighted + codes.size() - 1) % codes.size();
			return null;
		}
		if (key == DOWN || key == 'j') {
			highlighted = (highlighted + 1) % codes.size();
			return null;
		}
		int pick = -1;
		if (key >= '1' && key <= '9' && key - '1' < codes.size()) {
			pick = key - '1';
		}
		else if (key == ENTER) {
			pick = highlighted;
		}
		if (pick < 0) {
			error("Pick a defect code with its number, or the arrows and Enter (Esc cancels).");
			return null;
		}
		return done(new Instruction(action, serial, null, codes.get(pick), null, null, null, null));
	}

	private Instruction resolution(int key) {
		Resolution r = switch (Character.toUpperCase((char) Math.max(key, 0))) {
			case '1', 'R', 'W' -> Resolution.REWORKED;
			case '2', 'S', 'X' -> Resolution.SCRAPPED;
			default -> null;
		};
		if (r == null) {
			error("Press 1 if the part was reworked, 2 if it was scrapped (Esc cancels).");
			return null;
		}
		return done(new Instruction(CommandType.CLEAR_DEFECT, serial, null, null, null, null, r, null));
	}

	private Instruction customer(int key, StationStatus status) {
		List<String> customers = status.customers();
		if (key >= '1' && key <= '9' && key - '1' < customers.size()) {
			return done(new Instruction(CommandType.PASS, serial, customers.get(key - '1'), null, null, null, null,
					null));
		}
		error("Pick the station to pass to by its number (Esc cancels).");
		return null;
	}

	private Instruction reason(int key) {
		StopReason[] reasons = StopReason.values();
		if (key >= '1' && key < '1' + reasons.length) {
			reason = reasons[key - '1'];
			step = Step.NOTE;
			typed.setLength(0);
			return null;
		}
		error("Pick the reason for the stop by its number (Esc cancels).");
		return null;
	}

	private Instruction callType(int key) {
		CallType[] types = CallType.values();
		if (key >= '1' && key < '1' + types.length) {
			callType = types[key - '1'];
			step = Step.NOTE;
			typed.setLength(0);
			return null;
		}
		error("Pick what the call is for by its number (Esc cancels).");
		return null;
	}

	private Instruction note(int key) {
		if (key != ENTER) {
			edit(key);
			return null;
		}
		String note = typed.toString().trim();
		try {
			Instruction.checkNote(note);
		}
		catch (Instruction.Invalid invalid) {
			error(invalid.getMessage());
			return null;
		}
		String n = note.isEmpty() ? null : note;
		return done(action == CommandType.CALL ? new Instruction(CommandType.CALL, null, null, null, n, null, null,
				callType) : new Instruction(CommandType.STOP, null, null, null, n, reason, null, null));
	}

	private Instruction done(Instruction i) {
		reset();
		return i;
	}

	private void reset() {
		step = Step.IDLE;
		action = null;
		serial = null;
		reason = null;
		callType = null;
		typed.setLength(0);
		highlighted = 0;
	}

	private void edit(int key) {
		if (key == BACKSPACE || key == 8) {
			if (!typed.isEmpty()) {
				typed.setLength(typed.length() - 1);
			}
		}
		else if (key >= 32 && key != 127 && typed.length() < 500) {
			typed.append((char) key);
		}
	}

	/** The serial Enter alone takes: the part coming in for accept and reject, else the part at hand. */
	String suggestion(StationStatus status) {
		if (action == CommandType.RECEIVE) {
			return null;
		}
		if (action == CommandType.ACCEPT || action == CommandType.REJECT) {
			return status.partsIncoming().isEmpty() ? null : status.partsIncoming().get(0);
		}
		return status.currentPart();
	}

	List<String> codes(StationStatus status) {
		List<DefectCode> fromServer = status.defectCodes();
		return fromServer.isEmpty() ? defectCodesGiven : fromServer.stream().map(DefectCode::code).toList();
	}

	/** Notes a command the worker just gave. */
	void given(Command c, boolean online) {
		if (online) {
			info("Sent " + c.summary() + " (kept on disk until the server answers).");
		}
		else {
			error("OFFLINE: " + c.summary() + " is kept on disk and NOT SENT yet; it goes as soon as the server answers.");
		}
	}

	void result(Command c, CommandResult r, Instant at) {
		String line = at + "|" + c.summary() + " -> " + r.status()
				+ (r.code() != null ? " " + r.code() + ": " + r.message() : "") + (r.duplicate() ? " (repeat)" : "");
		results.addFirst(line);
		while (results.size() > 6) {
			results.removeLast();
		}
		if (!r.accepted()) {
			error(c.summary() + " refused: " + r.message());
		}
	}

	void error(String text) {
		message = text;
		messageIsError = true;
	}

	void info(String text) {
		message = text;
		messageIsError = false;
	}

	Step step() {
		return step;
	}

	CommandType action() {
		return action;
	}

	String serial() {
		return serial;
	}

	String typed() {
		return typed.toString();
	}

	int highlighted() {
		return highlighted;
	}

	String message() {
		return message;
	}

	boolean messageIsError() {
		return messageIsError;
	}

	boolean help() {
		return help;
	}

	boolean quit() {
		return quit;
	}

	List<String> results() {
		return List.copyOf(results);
	}

	private static String printable(int key) {
		if (key < 32 || key == 127) {
			return "^" + (char) (key + 64);
		}
		return String.valueOf((char) key);
	}
}
