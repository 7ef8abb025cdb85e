package org.andon.ops.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * What a run measured, as plain text for a person and as JSON for a script. Every latency is in milliseconds; where
 * the baseline ran at the same rate, latencies are also given as a multiple of it.
 */
final class Report {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, Object> settings;
	private final Map<String, Object> machine;
	private final Map<String, Object> server;
	private final List<Map<String, Object>> phases = new ArrayList<>();
	private final List<Map<String, Object>> baselines = new ArrayList<>();
	private final StringBuilder text = new StringBuilder();

	Report(Map<String, Object> settings, Map<String, Object> machine, Map<String, Object> server) {
		this.settings = settings;
		this.machine = machine;
		this.server = server;
		text.append("Andon line simulator\n");
		text.append("  machine: ").append(machine.get("cores")).append(" cores, ").append(machine.get("memoryMb"))
			.append(" MB, ").append(machine.get("java")).append(", load at start ").append(load((double[]) machine
				.get("loadAtStart"))).append('\n');
		text.append("  server:  ").append(server.get("uri")).append(server.get("pid") != null ? " (pid "
				+ server.get("pid") + ")" : "").append(Boolean.TRUE.equals(server.get("stub"))
						? "  STUB: answers from memory, not the line server; server figures below are the stub's" : "")
			.append('\n');
		text.append("  plant:   ").append(settings.get("lines")).append(" lines x ")
			.append(settings.get("stationsPerLine")).append(" stations, ").append(settings.get("boards"))
			.append(" boards; reject p=").append(settings.get("rejectProbability")).append(", stop p=")
			.append(settings.get("stopProbability")).append(", stop held ").append(settings.get("stopHoldMillis"))
			.append(" ms\n");
		text.append("  clients: ").append(settings.get("client")).append(Integer.valueOf(0).equals(settings.get("window"))
				? ", open loop" : ", window of " + settings.get("window") + " commands unanswered (closed loop)")
			.append('\n');
	}

	Map<String, Object> machine() {
		return machine;
	}

	void connected(int sessions, double seconds, long serverRssKb, long serverRssMaxKb) {
		server.put("sessions", sessions);
		server.put("connectSeconds", round(seconds));
		server.put("rssMbConnected", mb(serverRssKb));
		server.put("rssMbMaxWhileConnecting", mb(serverRssMaxKb));
		text.append(String.format(Locale.ROOT, "  %d sessions connected in %.1f s; server RSS %s MB with them "
				+ "connected (max %s MB while connecting)%n", sessions, seconds, mb(serverRssKb), mb(serverRssMaxKb)));
	}

	void notConnected(int ready, int stations, double seconds, long serverRssMaxKb, String why) {
		server.put("sessions", ready);
		server.put("connectFailed", why);
		server.put("connectSeconds", round(seconds));
		server.put("rssMbMaxWhileConnecting", mb(serverRssMaxKb));
		text.append(String.format(Locale.ROOT, "  CONNECTING FAILED after %.1f s: %d of %d stations online; server RSS "
				+ "max %s MB meanwhile%n  %s%n", seconds, ready, stations, mb(serverRssMaxKb), why));
	}

	void baseline(RawBaseline.Result b, double[] loadAtEnd) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("rate", b.rate());
		m.put("clients", b.clients());
		m.put("commands", b.commands());
		m.put("commandAck", b.commandAck());
		m.put("stops", b.stops());
		m.put("stopToHalt", b.stopToHalt());
		m.put("stopToLastHalt", b.stopToLastHalt());
		m.put("missingPushes", b.missingPushes());
		m.put("serverRssMb", mb(b.serverRssKb()));
		m.put("loadAtEnd", loadAtEnd);
		baselines.add(m);
		text.append(String.format(Locale.ROOT, "%nBaseline: raw WebSocket, %d clients, %s events/s, load %s%n",
				b.clients(), number(b.rate()), load(loadAtEnd)));
		text.append("  command -> answer        ").append(b.commandAck().text()).append('\n');
		text.append("  stop -> each push        ").append(b.stopToHalt().text()).append('\n');
		text.append("  stop -> last push        ").append(b.stopToLastHalt().text()).append('\n');
		if (b.missingPushes() > 0) {
			text.append("  MISSING pushes: ").append(b.missingPushes()).append('\n');
		}
	}

	void phase(Phase p, long missingHalts, RawBaseline.Result floor) {
		Map<String, Object> m = new LinkedHashMap<>();
		double s = p.seconds();
		m.put("rate", p.rate);
		m.put("seconds", round(s));
		m.put("loadAtEnd", p.loadAtEnd);
		m.put("commandsSent", p.sent.sum());
		m.put("commandsAcknowledgedPerSecond", round(p.acks.count() / s));
		m.put("accepted", p.accepted.sum());
		m.put("rejected", p.rejected.sum());
		m.put("refusals", p.refusalCounts());
		m.put("unanswered", p.unanswered.sum());
		// sent in the phase, and neither answered nor failed when the run ended (after its 15 s of draining)
		long outstanding = Math.max(0, p.sent.sum() - p.accepted.sum() - p.rejected.sum() - p.unanswered.sum());
		m.put("unansweredAtEnd", outstanding);
		m.put("handOffsPerSecond", round(p.handOffs.sum() / s));
		m.put("partsCompleted", p.completed.sum());
		m.put("idleTicks", p.idleTicks.sum());
		m.put("ticksHeldBack", p.heldBack.sum());
		Pacer.Run pacing = p.pacing;
		if (pacing != null) {
			m.put("ticks", pacing.ticks());
			m.put("ticksDropped", pacing.dropped());
			m.put("maxTickLagMillis", round(pacing.maxLagMillis()));
		}
		Samples.Latency acks = p.acks.summary();
		Samples.Latency halts = p.halts.summary();
		Samples.Latency last = p.lastHalts.summary();
		Samples.Latency haltsWire = p.haltsWire.summary();
		Samples.Latency lastWire = p.lastHaltsWire.summary();
		Samples.Latency boards = p.boardStops.summary();
		m.put("commandAck", acks);
		m.put("stops", p.stops.size());
		m.put("stopToHalt", halts);
		m.put("stopToLastHalt", last);
		m.put("stopToHaltOnWire", haltsWire);
		m.put("stopToLastHaltOnWire", lastWire);
		m.put("stopToBoard", boards);
		m.put("missingHalts", missingHalts);
		m.put("unexpectedHalts", p.unexpectedHalts.sum());
		m.put("resumeFailures", p.resumeFailures.sum());
		m.put("boardEntriesPerSecond", round(p.boardEntries.sum() / s));
		long answered = p.acks.count();
		m.put("serverCpuSeconds", round(p.serverCpuSeconds));
		m.put("serverCpuMillisPerCommand", answered == 0 ? null : round(p.serverCpuSeconds * 1000 / answered));
		m.put("serverCpuSecondsByThread", p.serverCpuByThread);
		m.put("simulatorCpuSeconds", round(p.simulatorCpuSeconds));
		m.put("simulatorCpuSecondsByThread", p.simulatorCpuByThread);
		m.put("simulatorCpuMillisPerCommand", answered == 0 ? null : round(p.simulatorCpuSeconds * 1000 / answered));
		ServerMetrics.Snapshot t = p.serverTimings;
		if (t != null) {
			Map<String, Object> own = new LinkedHashMap<>();
			own.put("commands", t.commands().count());
			own.put("commandMeanMillis", t.commands().meanMillis());
			own.put("commandP99AtMostMillis", t.commands().quantileAtMostMillis(0.99));
			own.put("stopCommandMeanMillis", t.stopCommands().meanMillis());
			own.put("haltsSent", t.halts().count());
			own.put("durableToHaltSentMeanMillis", t.halts().meanMillis());
			own.put("durableToHaltSentP99AtMostMillis", t.halts().quantileAtMostMillis(0.99));
			m.put("serverOwnTimings", own);
		}
		m.put("serverRssMbMax", mb(p.serverRssMaxKb));
		m.put("serverRssMbEnd", mb(p.serverRssEndKb));
		if (floor != null) {
			Map<String, Object> ratio = new LinkedHashMap<>();
			ratio.put("commandAck", acks.over(floor.commandAck()));
			ratio.put("stopToHalt", halts.over(floor.stopToHalt()));
			ratio.put("stopToLastHalt", last.over(floor.stopToLastHalt()));
			ratio.put("stopToLastHaltOnWire", lastWire.over(floor.stopToLastHalt()));
			m.put("overBaseline", ratio);
		}
		phases.add(m);

		text.append(String.format(Locale.ROOT, "%nLine server at %s hand-offs/s for %.1f s, load %s%n",
				number(p.rate), s, load(p.loadAtEnd)));
		text.append(String.format(Locale.ROOT,
				"  commands acknowledged    %.1f/s (%d accepted, %d refused %s, %d unanswered%s); hand-offs %.1f/s%n",
				p.acks.count() / s, p.accepted.sum(), p.rejected.sum(), p.refusalCounts(), p.unanswered.sum(),
				outstanding == 0 ? "" : ", " + outstanding + " of " + p.sent.sum() + " sent still unanswered at the end",
				p.handOffs.sum() / s));
		if (pacing != null && (pacing.dropped() > 0 || p.idleTicks.sum() > 0 || p.heldBack.sum() > 0)) {
			text.append(String.format(Locale.ROOT, "  ticks                    %d fired, %d dropped (simulator behind), "
					+ "%d found no part to move, %d held back (window full)%n", pacing.ticks(), pacing.dropped(),
					p.idleTicks.sum(), p.heldBack.sum()));
		}
		text.append("  command -> result        ").append(acks.text()).append('\n');
		text.append(String.format(Locale.ROOT, "  stops                    %d pulled, %d HALTs missing, %d unexpected%n",
				p.stops.size(), missingHalts, p.unexpectedHalts.sum()));
		text.append("  STOP -> each HALT        ").append(halts.text()).append('\n');
		text.append("  STOP -> last HALT        ").append(last.text()).append('\n');
		text.append("  on the wire: each HALT   ").append(haltsWire.text()).append('\n');
		text.append("  on the wire: last HALT   ").append(lastWire.text()).append('\n');
		text.append("  STOP -> board sees it    ").append(boards.text()).append('\n');
		if (floor != null) {
			text.append("  x baseline: command      ").append(acks.over(floor.commandAck()).text()).append('\n');
			text.append("  x baseline: last HALT    ").append(last.over(floor.stopToLastHalt()).text()).append('\n');
			text.append("  x baseline: last on wire ").append(lastWire.over(floor.stopToLastHalt()).text()).append('\n');
		}
		if (p.serverCpuSeconds > 0) {
			text.append(String.format(Locale.ROOT, "  CPU                      server %.1f s (%.2f ms per command, %.0f%% of "
					+ "one core), simulator %.1f s (%.2f ms per command, %.0f%% of one core)%n", p.serverCpuSeconds,
					answered == 0 ? 0 : p.serverCpuSeconds * 1000 / answered, p.serverCpuSeconds / s * 100,
					p.simulatorCpuSeconds, answered == 0 ? 0 : p.simulatorCpuSeconds * 1000 / answered,
					p.simulatorCpuSeconds / s * 100));
			text.append("  server CPU by thread (s) ").append(p.serverCpuByThread).append('\n');
			text.append("  simulator by thread (s)  ").append(p.simulatorCpuByThread).append('\n');
		}
		if (t != null) {
			text.append(String.format(Locale.ROOT, "  server's own timings     command received -> result mean %.2f ms "
					+ "(p99 <= %s ms), STOP %.2f ms; STOP durable -> HALT sent mean %.2f ms (p99 <= %s ms)%n",
					t.commands().meanMillis(), number(t.commands().quantileAtMostMillis(0.99)),
					t.stopCommands().meanMillis(), t.halts().meanMillis(),
					number(t.halts().quantileAtMostMillis(0.99))));
		}
		if (p.serverRssMaxKb > 0) {
			text.append("  server RSS               max ").append(mb(p.serverRssMaxKb)).append(" MB, at end ")
				.append(mb(p.serverRssEndKb)).append(" MB\n");
		}
	}

	/**
	 * The phases side by side, the rate ramp's view: per phase commands acknowledged per second, command p99 and the
	 * server's CPU per command, and the highest acknowledged rate whose command p99 stayed within 50 ms (the
	 * throughput target's knee). Call after the last {@link #phase}.
	 */
	void ramp() {
		if (phases.isEmpty()) {
			return;
		}
		text.append(String.format(Locale.ROOT, "%nRamp (%s clients): per phase%n", settings.get("client")));
		text.append("  events/s  acked/s  command p50 / p99 / p99.9 ms   server CPU ms/command (% core)  "
				+ "simulator CPU ms/command (% core)  load\n");
		Map<String, Object> knee = null;
		for (Map<String, Object> m : phases) {
			Samples.Latency acks = (Samples.Latency) m.get("commandAck");
			double seconds = (double) m.get("seconds");
			Object serverPer = m.get("serverCpuMillisPerCommand");
			Object simPer = m.get("simulatorCpuMillisPerCommand");
			text.append(String.format(Locale.ROOT, "  %8s %8.0f  %8.1f / %7.1f / %7.1f   %10s (%3.0f%%)             "
					+ "%10s (%3.0f%%)             %.2f%n", number((double) m.get("rate")),
					(double) m.get("commandsAcknowledgedPerSecond"), acks.p50(), acks.p99(), acks.p999(),
					serverPer == null ? "-" : String.format(Locale.ROOT, "%.3f", (double) serverPer),
					(double) m.get("serverCpuSeconds") / seconds * 100,
					simPer == null ? "-" : String.format(Locale.ROOT, "%.3f", (double) simPer),
					(double) m.get("simulatorCpuSeconds") / seconds * 100, ((double[]) m.get("loadAtEnd"))[0]));
			boolean held = acks.count() > 0 && acks.p99() <= 50 && (long) m.get("unanswered") == 0
					&& (long) m.get("unansweredAtEnd") == 0;
			if (held && (knee == null || (double) m.get("commandsAcknowledgedPerSecond")
					> (double) knee.get("commandsAcknowledgedPerSecond"))) {
				knee = m;
			}
		}
		if (knee == null) {
			text.append("  no phase kept command p99 within 50 ms\n");
			this.knee = null;
		}
		else {
			text.append(String.format(Locale.ROOT, "  most acknowledged with command p99 <= 50 ms: %.0f/s (at %s events/s, "
					+ "p99 %.1f ms, server CPU %s ms per command); target 5,000/s%n",
					(double) knee.get("commandsAcknowledgedPerSecond"), number((double) knee.get("rate")),
					((Samples.Latency) knee.get("commandAck")).p99(), knee.get("serverCpuMillisPerCommand")));
			Map<String, Object> k = new LinkedHashMap<>();
			k.put("rate", knee.get("rate"));
			k.put("commandsAcknowledgedPerSecond", knee.get("commandsAcknowledgedPerSecond"));
			k.put("commandP99Millis", ((Samples.Latency) knee.get("commandAck")).p99());
			k.put("serverCpuMillisPerCommand", knee.get("serverCpuMillisPerCommand"));
			this.knee = k;
		}
	}

	private Map<String, Object> knee;

	void note(String line) {
		text.append(line).append('\n');
	}

	String text() {
		return text.toString();
	}

	Map<String, Object> json() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("settings", settings);
		m.put("machine", machine);
		m.put("server", server);
		m.put("baseline", baselines);
		m.put("phases", phases);
		List<Map<String, Object>> ramp = new ArrayList<>();
		for (Map<String, Object> phase : phases) {
			Map<String, Object> r = new LinkedHashMap<>();
			r.put("rate", phase.get("rate"));
			r.put("commandsAcknowledgedPerSecond", phase.get("commandsAcknowledgedPerSecond"));
			r.put("commandP99Millis", ((Samples.Latency) phase.get("commandAck")).p99());
			r.put("serverCpuMillisPerCommand", phase.get("serverCpuMillisPerCommand"));
			r.put("simulatorCpuMillisPerCommand", phase.get("simulatorCpuMillisPerCommand"));
			r.put("simulatorCpuSeconds", phase.get("simulatorCpuSeconds"));
			ramp.add(r);
		}
		// the phases' key figures in one place, and the best of them that kept command p99 within 50 ms
		m.put("ramp", ramp);
		m.put("kneeAtP99Within50Millis", knee);
		return m;
	}

	void writeJson(Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json()));
	}

	static double mb(long kb) {
		return Math.round(kb / 102.4) / 10.0;
	}

	private static double round(double v) {
		return Math.round(v * 100) / 100.0;
	}

	private static String number(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	static String load(double[] l) {
		return String.format(Locale.ROOT, "%.2f %.2f %.2f", l[0], l[1], l[2]);
	}
}
