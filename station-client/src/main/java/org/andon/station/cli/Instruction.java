package org.andon.station.cli;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.andon.station.CallType;
import org.andon.station.CommandType;
import org.andon.station.Resolution;
import org.andon.station.StationClient;
import org.andon.station.StopReason;
import org.andon.station.Ticket;

/**
 * One thing the worker asks for, parsed from a line such as {@code pass P-1 WELD} and checked before it goes to the
 * outbox: a line that cannot be right gets a local refusal at once instead of a trip to the server.
 */
record Instruction(CommandType type, String partSerial, String to, String defectCode, String note, StopReason reason,
		Resolution resolution, CallType callType) {

	/** The same rule for part serials as the server's. */
	static final Pattern SERIAL = Pattern.compile("[\\p{Alnum}][\\p{Alnum}._:/#-]{0,127}");
	static final int MAX_NOTE = 500;

	static final String USAGE = String.join("\n",
			"receive SERIAL [note]              bring a new part onto the line (entry stations)",
			"accept SERIAL                      take a part your supplier passed you",
			"reject SERIAL DEFECT-CODE [note]   don't accept: send a part back to your supplier",
			"defect SERIAL DEFECT-CODE [note]   don't make: report a defect in your own work",
			"clear SERIAL reworked|scrapped [note]   clear a part's open defects",
			"pass SERIAL [TO-STATION]           hand a good part on",
			"stop quality|safety|material|maintenance|other [note]   stop the line here",
			"call quality|maintenance|material|safety|help [note]   call for help, keep working");

	/** Why a line was refused locally; {@code code} is one word a script can match on. */
	static final class Invalid extends Exception {

		final String code;

		Invalid(String code, String message) {
			super(message, null, false, false);
			this.code = code;
		}
	}

	/** Parses one line. {@code defectCodes} is the line's list when known (empty: the server checks codes). */
	static Instruction parse(String line, Collection<String> defectCodes) throws Invalid {
		String[] words = line.trim().split("\\s+");
		if (words.length == 0 || words[0].isEmpty()) {
			throw new Invalid("EMPTY", "nothing to do");
		}
		String verb = words[0].toLowerCase(Locale.ROOT);
		List<String> args = Arrays.asList(words).subList(1, words.length);
		return switch (verb) {
			case "receive" -> new Instruction(CommandType.RECEIVE, serial(args, verb), null, null, note(args, 1),
					null, null, null);
			case "accept" -> {
				max(args, 1, verb);
				yield new Instruction(CommandType.ACCEPT, serial(args, verb), null, null, null, null, null, null);
			}
			case "reject" -> new Instruction(CommandType.REJECT, serial(args, verb), null,
					defectCode(args, verb, defectCodes), note(args, 2), null, null, null);
			case "defect" -> new Instruction(CommandType.REPORT_DEFECT, serial(args, verb), null,
					defectCode(args, verb, defectCodes), note(args, 2), null, null, null);
			case "clear" -> new Instruction(CommandType.CLEAR_DEFECT, serial(args, verb), null, null, note(args, 2),
					null, resolution(args), null);
			case "pass" -> {
				max(args, 2, verb);
				yield new Instruction(CommandType.PASS, serial(args, verb), args.size() > 1
						? args.get(1).toUpperCase(Locale.ROOT) : null, null, null, null, null, null);
			}
			case "stop" -> new Instruction(CommandType.STOP, null, null, null, note(args, 1), reason(args), null, null);
			case "call" -> new Instruction(CommandType.CALL, null, null, null, note(args, 1), null, null,
					callType(args));
			default -> throw new Invalid("UNKNOWN_COMMAND", "'" + words[0] + "' is not a command; use one of: "
					+ "receive, accept, reject, defect, clear, pass, stop, call");
		};
	}

	/** Gives the instruction to the client: from here on it is in the outbox. */
	Ticket giveTo(StationClient client) {
		return switch (type) {
			case RECEIVE -> client.receive(partSerial);
			case ACCEPT -> client.accept(partSerial);
			case REJECT -> client.reject(partSerial, defectCode, null, note);
			case REPORT_DEFECT -> client.reportDefect(partSerial, defectCode, note);
			case CLEAR_DEFECT -> client.clearDefect(partSerial, resolution, note);
			case PASS -> client.pass(partSerial, to);
			case STOP -> client.stop(reason, null, note);
			case CALL -> client.call(callType, null, null, note);
		};
	}

	static void checkSerial(String serial) throws Invalid {
		if (!SERIAL.matcher(serial).matches()) {
			throw new Invalid("INVALID_SERIAL", "'" + serial + "' is not a part serial (letters, digits and . _ : / # -,"
					+ " at most 128, starting with a letter or digit)");
		}
	}

	static String checkDefectCode(String code, Collection<String> known) throws Invalid {
		String c = code.toUpperCase(Locale.ROOT);
		if (!known.isEmpty() && !known.contains(c)) {
			throw new Invalid("UNKNOWN_DEFECT_CODE", "'" + code + "' is not a defect code of this line; known: "
					+ String.join(", ", known));
		}
		return c;
	}

	static void checkNote(String note) throws Invalid {
		if (note != null && note.length() > MAX_NOTE) {
			throw new Invalid("NOTE_TOO_LONG", "the note is " + note.length() + " characters; at most " + MAX_NOTE);
		}
	}

	private static String serial(List<String> args, String verb) throws Invalid {
		if (args.isEmpty()) {
			throw new Invalid("MISSING_ARGUMENT", verb + " needs a part serial, e.g. '" + verb + " P-1001'");
		}
		checkSerial(args.get(0));
		return args.get(0);
	}

	private static String defectCode(List<String> args, String verb, Collection<String> known) throws Invalid {
		if (args.size() < 2) {
			throw new Invalid("MISSING_ARGUMENT", verb + " needs a serial and a defect code, e.g. '" + verb
					+ " P-1001 SCRATCH'" + (known.isEmpty() ? "" : "; codes: " + String.join(", ", known)));
		}
		return checkDefectCode(args.get(1), known);
	}

	private static Resolution resolution(List<String> args) throws Invalid {
		if (args.size() < 2) {
			throw new Invalid("MISSING_ARGUMENT", "clear needs a serial and reworked or scrapped, e.g. "
					+ "'clear P-1001 reworked'");
		}
		try {
			return Resolution.valueOf(args.get(1).toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new Invalid("UNKNOWN_RESOLUTION", "'" + args.get(1) + "' is neither reworked nor scrapped");
		}
	}

	private static StopReason reason(List<String> args) throws Invalid {
		if (args.isEmpty()) {
			throw new Invalid("MISSING_ARGUMENT", "stop needs a reason: quality, safety, material, maintenance or other");
		}
		try {
			return StopReason.valueOf(args.get(0).toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new Invalid("UNKNOWN_REASON", "'" + args.get(0) + "' is not a stop reason; use quality, safety, "
					+ "material, maintenance or other");
		}
	}

	private static CallType callType(List<String> args) throws Invalid {
		if (args.isEmpty()) {
			throw new Invalid("MISSING_ARGUMENT", "call needs what for: quality, maintenance, material, safety or help");
		}
		try {
			return CallType.valueOf(args.get(0).toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new Invalid("UNKNOWN_CALL_TYPE", "'" + args.get(0) + "' is not a call type; use quality, "
					+ "maintenance, material, safety or help");
		}
	}

	private static String note(List<String> args, int from) throws Invalid {
		if (args.size() <= from) {
			return null;
		}
		String note = String.join(" ", args.subList(from, args.size()));
		checkNote(note);
		return note;
	}

	private static void max(List<String> args, int max, String verb) throws Invalid {
		if (args.size() > max) {
			throw new Invalid("TOO_MANY_ARGUMENTS", verb + " takes " + (max == 1 ? "only a serial" : "a serial and "
					+ "at most a customer station") + "; got '" + String.join(" ", args) + "'");
		}
	}
}
