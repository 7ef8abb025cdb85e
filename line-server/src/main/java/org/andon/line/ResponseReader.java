package org.andon.line;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads how a line answers a problem: its escalation chain (who is paged, on which channels, after how long), the
 * route of each type of call, its roster of shifts, how a defect is contained (suspect window, hold, escalation) and
 * how a quality stop restarts; and checks that every person they name exists.
 */
final class ResponseReader {

	private final TopologyFile file;
	private final Set<String> webhookIds;

	/** {@code webhookIds}: the webhooks the file defines, the only ones a level may page through. */
	ResponseReader(TopologyFile file, Set<String> webhookIds) {
		this.file = file;
		this.webhookIds = webhookIds;
	}

	/** How each type of call is routed: its team's escalation chain, its window, whether it stops at once. */
	Map<CallType, CallRoute> calls(String where, Map<String, Object> l, EscalationPolicy lineChain) {
		Map<CallType, CallRoute> routes = new EnumMap<>(CallType.class);
		for (Object o : file.list(l, "calls", where)) {
			Map<String, Object> c = file.map(o, "a call route of " + where);
			String typeName = file.string(c, "type", where, "");
			CallType type;
			try {
				type = CallType.valueOf(typeName.toUpperCase());
			}
			catch (IllegalArgumentException ex) {
				throw file.fail(where + " routes unknown call type '" + typeName + "' (quality, maintenance, material, "
						+ "safety, help)");
			}
			String at = "call route '" + typeName + "' of " + where;
			java.time.Duration window = null;
			if (c.get("windowSeconds") != null) {
				if (!(c.get("windowSeconds") instanceof Number n) || n.doubleValue() <= 0) {
					throw file.fail(at + ": windowSeconds must be a positive number");
				}
				window = java.time.Duration.ofMillis(Math.round(n.doubleValue() * 1000));
			}
			EscalationPolicy chain = c.get("escalation") == null ? lineChain
					: escalation(at, c.get("escalation"), Map.of());
			routes.put(type, new CallRoute(type, file.string(c, "team", at, null), window,
					Boolean.TRUE.equals(c.get("stopAtOnce")), chain));
		}
		for (CallType type : CallType.values()) {
			routes.putIfAbsent(type, new CallRoute(type, null, null, false, lineChain));
		}
		return Map.copyOf(routes);
	}

	/** An escalation chain (the standard one when none is given) and the line's repeated-rejects rule. */
	EscalationPolicy escalation(String where, Object levelsNode, Map<String, Object> l) {
		EscalationPolicy standard = EscalationPolicy.standard();
		List<EscalationLevel> levels = new ArrayList<>();
		if (levelsNode != null && !(levelsNode instanceof List)) {
			throw file.fail(where + ": 'escalation' must be a list of levels");
		}
		for (Object o : levelsNode == null ? List.of() : (List<?>) levelsNode) {
			Map<String, Object> e = file.map(o, "an escalation level of " + where);
			String name = file.string(e, "level", where, "level " + (levels.size() + 1));
			String at = "escalation level '" + name + "' of " + where;
			List<String> page = file.list(e, "page", at).stream().map(String::valueOf).toList();
			List<String> channels = file.list(e, "channels", at).stream().map(String::valueOf).toList();
			if (page.isEmpty()) {
				throw file.fail(at + " pages nobody (give page: [role:LEAD] or [user:NAME])");
			}
			for (String target : page) {
				if (!target.matches("(role:(LEAD|SUPERVISOR|QUALITY|ADMIN))|(user:.+)|(team:.+)")) {
					throw file.fail(at + " pages '" + target + "' (use role:LEAD, role:SUPERVISOR, role:ADMIN, "
							+ "team:NAME or user:NAME)");
				}
			}
			for (String channel : channels.isEmpty() ? List.of("push") : channels) {
				boolean known = channel.equals("push") || channel.equals("email")
						|| channel.startsWith("webhook:") && webhookIds.contains(channel.substring(8));
				if (!known) {
					throw file.fail(at + " uses unknown channel '" + channel
							+ "' (push, email or webhook:ID of a webhook)");
				}
			}
			Object wait = e.getOrDefault("waitMinutes", 5);
			if (!(wait instanceof Number n) || n.doubleValue() <= 0) {
				throw file.fail(at + ": waitMinutes must be a positive number");
			}
			levels.add(new EscalationLevel(name, page, channels.isEmpty() ? List.of("push") : channels,
					java.time.Duration.ofSeconds(Math.round(n.doubleValue() * 60))));
		}
		int count = 0;
		java.time.Duration window = java.time.Duration.ZERO;
		if (l.get("repeatedRejects") != null) {
			Map<String, Object> r = file.map(l.get("repeatedRejects"), "repeatedRejects of " + where);
			if (!(r.get("count") instanceof Integer c) || c < 2 || !(r.get("withinMinutes") instanceof Number m)) {
				throw file.fail(where + ": repeatedRejects needs count (2 or more) and withinMinutes");
			}
			count = c;
			window = java.time.Duration.ofSeconds(Math.round(m.doubleValue() * 60));
		}
		return new EscalationPolicy(levels.isEmpty() ? standard.levels() : List.copyOf(levels), count, window);
	}

	/** The line's shifts and who holds each role and team in them. */
	Roster roster(String where, Map<String, Object> l) {
		List<Shift> shifts = new ArrayList<>();
		for (Object o : file.list(l, "roster", where)) {
			Map<String, Object> s = file.map(o, "a shift of " + where);
			String name = file.string(s, "shift", where, "shift " + (shifts.size() + 1));
			Map<Role, String> people = new EnumMap<>(Role.class);
			for (Role role : List.of(Role.LEAD, Role.SUPERVISOR, Role.QUALITY, Role.ADMIN)) {
				String holder = file.string(s, role.name().toLowerCase(), where, null);
				if (holder != null) {
					people.put(role, holder);
				}
			}
			Map<String, String> teams = new LinkedHashMap<>();
			if (s.get("teams") != null) {
				file.map(s.get("teams"), "teams of shift '" + name + "'").forEach((team, holder) -> teams.put(team,
						String.valueOf(holder)));
			}
			try {
				shifts.add(new Shift(name, java.time.LocalTime.parse(file.string(s, "from", where, "")),
						java.time.LocalTime.parse(file.string(s, "to", where, "")), Map.copyOf(people),
						Map.copyOf(teams)));
			}
			catch (java.time.format.DateTimeParseException ex) {
				throw file.fail("shift '" + name + "' of " + where + " needs from and to as HH:MM");
			}
		}
		return new Roster(List.copyOf(shifts));
	}

	/**
	 * {@code containment: { partsBefore, partsAfter | minutes, holdMinutes, escalation }} and each defect code's own
	 * {@code suspect: { ... }} window; absent, the standard containment.
	 */
	Containment containment(String where, Map<String, Object> l) {
		Containment standard = Containment.standard();
		Map<String, Object> c = l.get("containment") == null ? Map.of()
				: file.map(l.get("containment"), "containment of " + where);
		String at = "containment of " + where;
		SuspectWindow window = c.isEmpty() ? standard.window() : suspectWindow(at, c, standard.window());
		Map<String, SuspectWindow> byCode = new LinkedHashMap<>();
		for (Object o : file.list(l, "defectCodes", where)) {
			Map<String, Object> d = file.map(o, "a defect code of " + where);
			if (d.get("suspect") != null) {
				String code = String.valueOf(d.get("code"));
				byCode.put(code, suspectWindow("suspect window of defect code '" + code + "'",
						file.map(d.get("suspect"), "suspect of defect code '" + code + "'"), window));
			}
		}
		java.time.Duration holdWithin = standard.holdWithin();
		if (c.get("holdMinutes") != null) {
			if (!(c.get("holdMinutes") instanceof Number n) || n.doubleValue() <= 0) {
				throw file.fail(at + ": holdMinutes must be a positive number");
			}
			holdWithin = java.time.Duration.ofSeconds(Math.round(n.doubleValue() * 60));
		}
		EscalationPolicy chain = c.get("escalation") == null ? standard.escalation()
				: escalation(at, c.get("escalation"), Map.of());
		return new Containment(window, Map.copyOf(byCode), holdWithin, chain);
	}

	private SuspectWindow suspectWindow(String at, Map<String, Object> w, SuspectWindow fallback) {
		for (String key : w.keySet()) {
			if (!List.of("partsBefore", "partsAfter", "minutes", "holdMinutes", "escalation").contains(key)) {
				throw file.fail(at + ": unknown setting '" + key + "' (partsBefore, partsAfter, minutes)");
			}
		}
		if (w.get("minutes") != null) {
			if (!(w.get("minutes") instanceof Number n) || n.doubleValue() <= 0) {
				throw file.fail(at + ": minutes must be a positive number");
			}
			return new SuspectWindow(0, 0, java.time.Duration.ofSeconds(Math.round(n.doubleValue() * 60)));
		}
		int before = count(at, w, "partsBefore", fallback.partsBefore());
		int after = count(at, w, "partsAfter", fallback.partsAfter());
		return new SuspectWindow(before, after, null);
	}

	private int count(String at, Map<String, Object> w, String key, int fallback) {
		Object v = w.get(key);
		if (v == null) {
			return fallback;
		}
		if (!(v instanceof Integer n) || n < 0 || n > 1000) {
			throw file.fail(at + ": " + key + " must be a whole number from 0 to 1000");
		}
		return n;
	}

	/** {@code qualityRestart: { twoKeys, firstPiece }}; absent, two keys and no first-piece check. */
	QualityRestart qualityRestart(String where, Map<String, Object> l) {
		if (l.get("qualityRestart") == null) {
			return QualityRestart.STANDARD;
		}
		Map<String, Object> q = file.map(l.get("qualityRestart"), "qualityRestart of " + where);
		for (String key : q.keySet()) {
			if (!key.equals("twoKeys") && !key.equals("firstPiece")) {
				throw file.fail("qualityRestart of " + where + ": unknown setting '" + key + "' (twoKeys, firstPiece)");
			}
		}
		boolean twoKeys = !Boolean.FALSE.equals(q.get("twoKeys"));
		boolean firstPiece = Boolean.TRUE.equals(q.get("firstPiece"));
		if (firstPiece && !twoKeys) {
			throw file.fail("qualityRestart of " + where
					+ ": a first-piece check is part of quality's key; it needs twoKeys");
		}
		return new QualityRestart(twoKeys, firstPiece);
	}

	/** People a line's roster or escalation names must exist. */
	void checkPeople(Line line, Map<String, Person> people) {
		for (Shift s : line.roster().shifts()) {
			s.people().forEach((role, name) -> {
				if (!people.containsKey(name)) {
					throw file.fail("shift '" + s.name() + "' of line '" + line.id() + "' names unknown user '" + name
							+ "'");
				}
			});
			s.teams().forEach((team, name) -> {
				if (!people.containsKey(name)) {
					throw file.fail("shift '" + s.name() + "' of line '" + line.id() + "' names unknown user '" + name
							+ "'");
				}
			});
		}
		List<EscalationLevel> allLevels = new ArrayList<>(line.escalation().levels());
		line.callRoutes().values().forEach(r -> allLevels.addAll(r.escalation().levels()));
		for (EscalationLevel level : allLevels) {
			for (String target : level.page()) {
				if (target.startsWith("user:") && !people.containsKey(target.substring(5))) {
					throw file.fail("escalation level '" + level.name() + "' of line '" + line.id()
							+ "' pages unknown user '" + target.substring(5) + "'");
				}
			}
		}
	}
}
