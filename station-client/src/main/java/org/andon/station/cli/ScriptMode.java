package org.andon.station.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.json.JsonMapper;

import org.andon.station.Command;
import org.andon.station.CommandResult;
import org.andon.station.Connection;
import org.andon.station.DefectCode;
import org.andon.station.StationClient;
import org.andon.station.StationListener;
import org.andon.station.Ticket;

/**
 * {@code --script}: commands one per line on standard input, one JSON line per result on standard output, in the
 * order the server answers (which is the order given). A line that cannot be right gets a JSON line with status
 * INVALID at once. Commands left in the outbox by an earlier run are sent first; their results say "recovered".
 */
final class ScriptMode {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StationClient client;
	private final List<String> defectCodesGiven;
	private final BufferedReader in;
	private final PrintStream out;
	private final PrintStream err;
	private final Duration wait;
	private final Map<String, Integer> lineOf = new java.util.concurrent.ConcurrentHashMap<>();
	private final Map<String, String> inputOf = new java.util.concurrent.ConcurrentHashMap<>();
	private final AtomicBoolean failed = new AtomicBoolean();
	private final CountDownLatch refused = new CountDownLatch(1);
	private final CountDownLatch snapshot = new CountDownLatch(1);

	ScriptMode(StationClient client, List<String> defectCodes, InputStream in, PrintStream out, PrintStream err,
			Duration wait) {
		this.client = client;
		this.defectCodesGiven = defectCodes;
		this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		this.out = out;
		this.err = err;
		this.wait = wait;
	}

	int run() throws Exception {
		client.addListener(new StationListener() {
			@Override
			public void onResult(Command command, CommandResult result) {
				print(result(command, result));
			}

			@Override
			public void onConnectionChanged(Connection c) {
				err.println(Instant.now() + " station " + client.stationId() + ": " + c.state() + " (" + c.detail()
						+ ")");
				if (c.state() == Connection.State.REFUSED) {
					refused.countDown();
				}
			}

			@Override
			public void onStatus(org.andon.station.StationStatus status) {
				if (status.state() != org.andon.station.StationState.UNKNOWN) {
					snapshot.countDown();
				}
			}
		});
		client.start();
		// Give the server a moment to send the line's defect codes, so bad codes are caught here; offline, go on.
		snapshot.await(3, TimeUnit.SECONDS);
		int number = 0;
		String line;
		while ((line = in.readLine()) != null) {
			number++;
			String text = line.strip();
			if (text.isEmpty() || text.startsWith("#")) {
				continue;
			}
			if (refused.getCount() == 0) {
				return 3;
			}
			try {
				Instruction instruction = Instruction.parse(text, defectCodes());
				// Known before the command can be answered: the result listener finds the line by commandId.
				Ticket ticket;
				synchronized (this) {
					ticket = instruction.giveTo(client);
					lineOf.put(ticket.commandId(), number);
					inputOf.put(ticket.commandId(), text);
				}
			}
			catch (Instruction.Invalid invalid) {
				failed.set(true);
				Map<String, Object> json = new LinkedHashMap<>();
				json.put("line", number);
				json.put("input", text);
				json.put("status", "INVALID");
				json.put("code", invalid.code);
				json.put("message", invalid.getMessage());
				print(json);
			}
			catch (IllegalArgumentException | java.io.UncheckedIOException ex) {
				failed.set(true);
				print(Map.of("line", number, "input", text, "status", "INVALID", "code", "NOT_STORED", "message",
						String.valueOf(ex.getMessage())));
			}
		}
		Instant deadline = Instant.now().plus(wait);
		while (!client.queued().isEmpty() && Instant.now().isBefore(deadline)) {
			if (refused.await(100, TimeUnit.MILLISECONDS)) {
				err.println("The server refused station " + client.stationId() + "'s token: "
						+ client.status().connection().detail());
				return 3;
			}
		}
		if (!client.queued().isEmpty()) {
			err.println(client.queued().size() + " command(s) still wait for the server; they stay in "
					+ client.stateDir().toAbsolutePath() + " and are sent the next time this station starts");
			return 4;
		}
		return failed.get() ? 1 : 0;
	}

	private List<String> defectCodes() {
		List<DefectCode> fromServer = client.status().defectCodes();
		return fromServer.isEmpty() ? defectCodesGiven : fromServer.stream().map(DefectCode::code).toList();
	}

	private Map<String, Object> result(Command command, CommandResult r) {
		Integer line;
		String input;
		synchronized (this) {
			line = lineOf.remove(command.commandId());
			input = inputOf.remove(command.commandId());
		}
		Map<String, Object> json = new LinkedHashMap<>();
		if (line != null) {
			json.put("line", line);
			json.put("input", input);
		}
		else {
			json.put("recovered", true);
		}
		json.put("commandId", command.commandId());
		json.put("command", command.type().name());
		if (command.partSerial() != null) {
			json.put("partSerial", command.partSerial());
		}
		json.put("status", r.status());
		if (r.seq() != null) {
			json.put("seq", r.seq());
		}
		if (r.code() != null) {
			json.put("code", r.code());
			json.put("message", r.message());
		}
		json.put("duplicate", r.duplicate());
		if (!r.accepted()) {
			failed.set(true);
		}
		return json;
	}

	private synchronized void print(Map<String, Object> json) {
		out.println(JSON.writeValueAsString(json));
		out.flush();
	}
}
