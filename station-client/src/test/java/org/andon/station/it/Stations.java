package org.andon.station.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.andon.station.Command;
import org.andon.station.CommandResult;
import org.andon.station.StationClient;
import org.andon.station.StationListener;
import org.andon.station.StationPush;
import org.andon.station.StationState;
import org.andon.station.Stop;
import org.andon.station.link.Backoff;
import org.andon.testsupport.LineServerProcess;

/** Real station clients for integration tests, each with its own state folder, and what each of them heard. */
final class Stations implements AutoCloseable {

	private final Path root;
	private final List<StationClient> open = new ArrayList<>();

	Stations() {
		try {
			root = Files.createTempDirectory("andon-stations");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String token(String stationId) {
		return "demo-" + stationId.toLowerCase(Locale.ROOT).replace("-", "");
	}

	Path stateDir(String stationId) {
		return root.resolve(stationId);
	}

	/** A started client with quick reconnects (tests should not wait out a 30 s backoff). */
	StationClient station(URI server, String stationId, Heard heard) {
		return station(List.of(server), stationId, heard);
	}

	/** A started client that knows several nodes of the line server, tried in this order. */
	StationClient station(List<URI> servers, String stationId, StationListener heard) {
		try {
			StationClient c = StationClient.builder().servers(servers).station(stationId, token(stationId))
				.stateDir(stateDir(stationId)).backoff(new Backoff(Duration.ofMillis(100), Duration.ofMillis(800)))
				.probe(Duration.ofSeconds(5), Duration.ofSeconds(15)).connectWithin(Duration.ofSeconds(5)).build();
			if (heard != null) {
				c.addListener(heard);
			}
			open.add(c);
			return c.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until each station is online and has caught up, so none misses what the test does next. */
	static void awaitReady(StationClient... clients) {
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> java.util.Arrays.stream(clients)
			.allMatch(c -> c.status().connection().caughtUp()));
	}

	@Override
	public void close() {
		open.forEach(StationClient::close);
		LineServerProcess.deleteQuietly(root);
	}

	/** Everything one station heard, as short lines, in order. */
	static final class Heard implements StationListener {

		final List<String> lines = new CopyOnWriteArrayList<>();
		final List<CommandResult> results = new CopyOnWriteArrayList<>();

		@Override
		public void onHalt(Stop stop, StationPush push) {
			lines.add("HALT by " + stop.stoppedStation() + " " + stop.reason());
		}

		@Override
		public void onResume(long stopId, StationPush push) {
			lines.add("RESUME " + stopId);
		}

		@Override
		public void onCustomerStopped(Stop stop, StationPush push) {
			lines.add("CUSTOMER_STOPPED " + stop.stoppedStation());
		}

		@Override
		public void onCustomerResumed(long stopId, StationPush push) {
			lines.add("CUSTOMER_RESUMED " + stopId);
		}

		@Override
		public void onPartRejected(String partSerial, String defectCode, String note, StationPush push) {
			lines.add("PART_REJECTED " + partSerial + " " + defectCode);
		}

		@Override
		public void onPartIncoming(String partSerial, String from, StationPush push) {
			lines.add("PART_INCOMING " + partSerial + " from " + from);
		}

		@Override
		public void onStateChanged(StationState from, StationState to, StationPush push) {
			if (push != null) {
				lines.add("STATE " + to);
			}
		}

		@Override
		public void onResult(Command command, CommandResult result) {
			results.add(result);
		}

		boolean has(String line) {
			return lines.contains(line);
		}
	}
}
