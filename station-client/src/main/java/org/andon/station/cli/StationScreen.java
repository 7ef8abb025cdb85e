package org.andon.station.cli;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

import org.andon.station.Command;
import org.andon.station.CommandResult;
import org.andon.station.StationClient;
import org.andon.station.StationListener;
import org.andon.station.Ticket;

/**
 * The full-screen andon terminal: redraws whenever the station's status changes (and every quarter second, for the
 * clocks), and turns single keys into commands through the {@link Desk}.
 */
final class StationScreen {

	private static final int IGNORE = -9;

	private final StationClient client;
	private final Desk desk;
	private final Panel panel = new Panel(ZoneId.systemDefault());
	private final Queue<Runnable> fromClient = new ConcurrentLinkedQueue<>();
	private volatile boolean interrupted;
	private volatile boolean resized;

	StationScreen(StationClient client, List<String> defectCodes) {
		this.client = client;
		this.desk = new Desk(defectCodes);
	}

	int run() throws IOException {
		try (Terminal terminal = TerminalBuilder.builder().name("andon station").system(true).build()) {
			Attributes saved = terminal.enterRawMode();
			terminal.handle(Terminal.Signal.INT, s -> interrupted = true);
			terminal.handle(Terminal.Signal.WINCH, s -> resized = true);
			terminal.puts(Capability.enter_ca_mode);
			terminal.puts(Capability.keypad_xmit);
			terminal.puts(Capability.cursor_invisible);
			terminal.flush();
			client.addListener(new StationListener() {
				@Override
				public void onResult(Command command, CommandResult result) {
					Instant at = Instant.now();
					fromClient.add(() -> desk.result(command, result, at));
				}
			});
			client.start();
			try {
				loop(terminal);
			}
			finally {
				terminal.puts(Capability.exit_ca_mode);
				terminal.puts(Capability.keypad_local);
				terminal.puts(Capability.cursor_visible);
				terminal.setAttributes(saved);
				terminal.flush();
			}
		}
		return 0;
	}

	private void loop(Terminal terminal) throws IOException {
		Display display = new Display(terminal, true);
		Size size = terminal.getSize();
		display.resize(size.getRows(), size.getColumns());
		NonBlockingReader reader = terminal.reader();
		while (!desk.quit() && !interrupted) {
			if (resized) {
				resized = false;
				size = terminal.getSize();
				display.clear();
				display.resize(size.getRows(), size.getColumns());
			}
			Runnable r;
			while ((r = fromClient.poll()) != null) {
				r.run();
			}
			int rows = Math.max(size.getRows(), 10);
			int cols = Math.max(size.getColumns(), 40);
			display.update(panel.render(client.status(), desk, Instant.now(), cols, rows),
					size.cursorPos(rows - 1, 0));
			int c = reader.read(250);
			if (c == NonBlockingReader.EOF) {
				return;
			}
			if (c == NonBlockingReader.READ_EXPIRED) {
				continue;
			}
			key(keyOf(c, reader));
		}
	}

	private void key(int key) {
		if (key == IGNORE) {
			return;
		}
		Instruction instruction = desk.key(key, client.status());
		if (instruction != null) {
			try {
				Ticket ticket = instruction.giveTo(client);
				desk.given(ticket.command(), client.status().connection().online());
			}
			catch (RuntimeException ex) {
				desk.error("NOT SENT: " + ex.getMessage());
			}
		}
	}

	/** Folds escape sequences (arrow keys) and line ends into single keys. */
	private static int keyOf(int c, NonBlockingReader reader) throws IOException {
		if (c == '\n' || c == '\r') {
			return Desk.ENTER;
		}
		if (c == 8) {
			return Desk.BACKSPACE;
		}
		if (c != Desk.ESC) {
			return c;
		}
		int next = reader.peek(30);
		if (next != '[' && next != 'O') {
			return Desk.ESC;
		}
		reader.read();
		int code = reader.read(30);
		return switch (code) {
			case 'A' -> Desk.UP;
			case 'B' -> Desk.DOWN;
			default -> IGNORE;
		};
	}
}
