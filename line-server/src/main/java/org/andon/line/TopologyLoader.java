package org.andon.line;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates a topology file. Anything that could not describe a real line (an unknown station in an edge,
 * a cycle, a duplicate id, a station on no line or on two) fails with a message naming the file and the problem, so
 * the line server refuses to start rather than run a line that is not the one on the floor.
 */
public final class TopologyLoader {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
	private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

	private final String source;
	private Set<String> webhookIds = Set.of();

	private TopologyLoader(String source) {
		this.source = source;
	}

	public static Topology load(Resource resource) {
		String source = describe(resource);
		try (InputStream in = resource.getInputStream()) {
			return new TopologyLoader(source).parse(in);
		}
		catch (IOException ex) {
			throw new InvalidTopologyException(source, "cannot be read (" + ex.getMessage() + ")");
		}
	}

	private static String describe(Resource resource) {
		try {
			return resource.isFile() ? resource.getFile().getPath() : resource.getDescription();
		}
		catch (IOException ex) {
			return resource.getDescription();
		}
	}

	private Topology parse(InputStream in) {
		Object root;
		try {
			root = new Yaml(new SafeConstructor(new LoaderOptions()))
				.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (YAMLException ex) {
			throw fail("is not valid YAML (" + ex.getMessage().lines().findFirst().orElse("") + ")");
		}
		Map<String, Object> top = map(root, "the file");
		Map<String, Object> plant = top.containsKey("plant") ? map(top.get("plant"), "plant") : Map.of();
		String plantName = string(plant, "name", "plant", "Plant");
		ZoneId zone = zone(string(plant, "zone", "plant", "UTC"));

		Map<String, Map<String, Object>> stationDefs = new LinkedHashMap<>();
		for (Object o : list(top, "stations", "the file")) {
			Map<String, Object> s = map(o, "a station");
			String id = id(s, "station");
			if (stationDefs.put(id, s) != null) {
				throw fail("duplicate station id '" + id + "'");
			}
		}

		Map<String, Webhook> webhooks = new LinkedHashMap<>();
		for (Object o : list(top, "webhooks", "the file")) {
			Map<String, Object> w = map(o, "a webhook");
			Webhook hook = webhook(id(w, "webhook"), w);
			if (webhooks.put(hook.id(), hook) != null) {
				throw fail("duplicate webhook id '" + hook.id() + "'");
			}
		}
		this.webhookIds = webhooks.keySet();

		Map<String, String> lineOfStation = new HashMap<>();
		Map<String, Line> lines = new LinkedHashMap<>();
		Map<String, Station> stations = new LinkedHashMap<>();
		for (Object o : list(top, "lines", "the file")) {
			Map<String, Object> l = map(o, "a line");
			String lineId = id(l, "line");
			if (lines.containsKey(lineId)) {
				throw fail("duplicate line id '" + lineId + "'");
			}
			lines.put(lineId, line(lineId, l, stationDefs, lineOfStation, stations));
		}
		for (String id : stationDefs.keySet()) {
			if (!lineOfStation.containsKey(id)) {
				throw fail("station '" + id + "' is on no line");
			}
		}

		Map<String, Person> people = new LinkedHashMap<>();
		for (Object o : list(top, "users", "the file")) {
			Map<String, Object> u = map(o, "a user");
			String username = id(u, "user");
			if (people.containsKey(username) || stations.containsKey(username)) {
				throw fail("duplicate id '" + username + "' (user names and station ids share one namespace)");
			}
			people.put(username, person(username, u));
		}
		for (Line line : lines.values()) {
			checkPeople(line, people);
		}
		return new Topology(source, plantName, zone, Map.copyOf(lines), Map.copyOf(stations), Map.copyOf(people),
				Map.copyOf(webhooks));
	}

	private Line line(String lineId, Map<String, Object> l, Map<String, Map<String, Object>> stationDefs,
			Map<String, String> lineOfStation, Map<String, Station> stations) {
		String where = "line '" + lineId + "'";
		Map<String, Station> own = new LinkedHashMap<>();
		for (Object o : list(l, "stations", where)) {
			String sid = String.valueOf(o);
			Map<String, Object> def = stationDefs.get(sid);
			if (def == null) {
				throw fail(where + " lists unknown station '" + sid + "'");
			}
			String other = lineOfStation.putIfAbsent(sid, lineId);
			if (other != null) {
				throw fail("station '" + sid + "' is on two lines ('" + other + "' and '" + lineId + "')");
			}
			String token = string(def, "token", "station '" + sid + "'", null);
			if (token == null || !BCRYPT.matcher(token).matches()) {
				throw fail("station '" + sid + "' needs a token given as a BCrypt hash");
			}
			Object cycle = def.getOrDefault("cycleSeconds", 60);
			if (!(cycle instanceof Number c) || c.doubleValue() <= 0) {
				throw fail("station '" + sid + "': cycleSeconds must be a positive number");
			}
			Station station = new Station(sid, string(def, "name", "station '" + sid + "'", sid), lineId, token,
					java.time.Duration.ofMillis(Math.round(c.doubleValue() * 1000)));
			own.put(sid, station);
			stations.put(sid, station);
		}
		if (own.isEmpty()) {
			throw fail(where + " has no stations");
		}
		Map<String, List<String>> customers = new HashMap<>();
		Map<String, List<String>> suppliers = new HashMap<>();
		for (Object o : list(l, "edges", where)) {
			Map<String, Object> e = map(o, "an edge of " + where);
			String from = string(e, "from", "an edge of " + where, null);
			String to = string(e, "to", "an edge of " + where, null);
			for (String end : new String[] { from, to }) {
				if (end == null || !own.containsKey(end)) {
					throw fail("an edge of " + where + " names unknown station '" + end + "'");
				}
			}
			if (from.equals(to) || customers.getOrDefault(from, List.of()).contains(to)) {
				throw fail(from.equals(to) ? "a cycle in " + where + ": " + from + " -> " + to
						: "duplicate edge " + from + " -> " + to + " in " + where);
			}
			customers.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
			suppliers.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
		}
		rejectCycles(where, own.keySet(), customers);

		Map<String, DefectCode> codes = new LinkedHashMap<>();
		for (Object o : list(l, "defectCodes", where)) {
			Map<String, Object> d = map(o, "a defect code of " + where);
			String code = id(d, "defect code");
			String origin = string(d, "origin", "defect code '" + code + "'", null);
			if (origin != null && !own.containsKey(origin)) {
				throw fail("defect code '" + code + "' names unknown origin station '" + origin + "'");
			}
			if (codes.put(code, new DefectCode(code, string(d, "description", "defect code", code), origin)) != null) {
				throw fail("duplicate defect code '" + code + "' in " + where);
			}
		}
		double cost = l.get("costPerMinute") instanceof Number n ? n.doubleValue() : 0.0;
		EscalationPolicy policy = escalation(where, l.get("escalation"), l);
		return new Line(lineId, string(l, "name", where, lineId), cost, own, freeze(customers), freeze(suppliers),
				codes, policy, roster(where, l), calls(where, l, policy), containment(where, l),
				qualityRestart(where, l));
	}

	/**
	 * {@code containment: { partsBefore, partsAfter | minutes, holdMinutes, escalation }} and each defect code's own
	 * {@code suspect: { ... }} window; absent, the standard containment.
	 */
	private Containment containment(String where, Map<String, Object> l) {
		Containment standard = Containment.standard();
		Map<String, Object> c = l.get("containment") == null ? Map.of()
				: map(l.get("containment"), "containment of " + where);
		String at = "containment of " + where;
		SuspectWindow window = c.isEmpty() ? standard.window() : suspectWindow(at, c, standard.window());
		Map<String, SuspectWindow> byCode = new LinkedHashMap<>();
		for (Object o : list(l, "defectCodes", where)) {
			Map<String, Object> d = map(o, "a defect code of " + where);
			if (d.get("suspect") != null) {
				String code = String.valueOf(d.get("code"));
				byCode.put(code, suspectWindow("suspect window of defect code '" + code + "'",
						map(d.get("suspect"), "suspect of defect code '" + code + "'"), window));
			}
		}
		java.time.Duration holdWithin = standard.holdWithin();
		if (c.get("holdMinutes") != null) {
			if (!(c.get("holdMinutes") instanceof Number n) || n.doubleValue() <= 0) {
				throw fail(at + ": holdMinutes must be a positive number");
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
				throw fail(at + ": unknown setting '" + key + "' (partsBefore, partsAfter, minutes)");
			}
		}
		if (w.get("minutes") != null) {
			if (!(w.get("minutes") instanceof Number n) || n.doubleValue() <= 0) {
				throw fail(at + ": minutes must be a positive number");
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
			throw fail(at + ": " + key + " must be a whole number from 0 to 1000");
		}
		return n;
	}

	/** {@code qualityRestart: { twoKeys, firstPiece }}; absent, two keys and no first-piece check. */
	private QualityRestart qualityRestart(String where, Map<String, Object> l) {
		if (l.get("qualityRestart") == null) {
			return QualityRestart.STANDARD;
		}
		Map<String, Object> q = map(l.get("qualityRestart"), "qualityRestart of " + where);
		for (String key : q.keySet()) {
			if (!key.equals("twoKeys") && !key.equals("firstPiece")) {
				throw fail("qualityRestart of " + where + ": unknown setting '" + key + "' (twoKeys, firstPiece)");
			}
		}
		boolean twoKeys = !Boolean.FALSE.equals(q.get("twoKeys"));
		boolean firstPiece = Boolean.TRUE.equals(q.get("firstPiece"));
		if (firstPiece && !twoKeys) {
			throw fail("qualityRestart of " + where + ": a first-piece check is part of quality's key; it needs twoKeys");
		}
		return new QualityRestart(twoKeys, firstPiece);
	}

	/** Depth-first search with three colours; the message spells out one cycle found. */
	private void rejectCycles(String where, Set<String> nodes, Map<String, List<String>> next) {
		Map<String, Integer> colour = new HashMap<>();
		for (String start : nodes) {
			List<String> path = new ArrayList<>();
			visit(where, start, next, colour, path);
		}
	}

	private void visit(String where, String node, Map<String, List<String>> next, Map<String, Integer> colour,
			List<String> path) {
		int c = colour.getOrDefault(node, 0);
		if (c == 2) {
			return;
		}
		if (c == 1) {
			List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
			cycle.add(node);
			throw fail("a cycle in " + where + ": " + String.join(" -> ", cycle));
		}
		colour.put(node, 1);
		path.add(node);
		for (String n : next.getOrDefault(node, List.of())) {
			visit(where, n, next, colour, path);
		}
		path.remove(path.size() - 1);
		colour.put(node, 2);
	}

	private Person person(String username, Map<String, Object> u) {
		String where = "user '" + username + "'";
		String hash = string(u, "password", where, null);
		if (hash == null || !BCRYPT.matcher(hash).matches()) {
			throw fail(where + " needs a password given as a BCrypt hash");
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Object r : list(u, "roles", where)) {
			try {
				roles.add(Role.valueOf(String.valueOf(r).trim().toUpperCase()));
			}
			catch (IllegalArgumentException ex) {
				throw fail(where + " has unknown role '" + r + "' (known: LEAD, SUPERVISOR, QUALITY, ADMIN)");
			}
		}
		Set<String> teams = new java.util.LinkedHashSet<>();
		list(u, "teams", where).forEach(t -> teams.add(String.valueOf(t)));
		if (roles.contains(Role.WORKER) || roles.isEmpty() && teams.isEmpty()) {
			throw fail(where + " needs a team (for example maintenance) or at least one of the roles LEAD, "
					+ "SUPERVISOR, QUALITY, ADMIN (WORKER is the role of a station)");
		}
		return new Person(username, string(u, "name", where, username), hash, Set.copyOf(roles),
				string(u, "email", where, null), Set.copyOf(teams));
	}

	/** How each type of call is routed: its team's escalation chain, its window, whether it stops at once. */
	private Map<CallType, CallRoute> calls(String where, Map<String, Object> l, EscalationPolicy lineChain) {
		Map<CallType, CallRoute> routes = new java.util.EnumMap<>(CallType.class);
		for (Object o : list(l, "calls", where)) {
			Map<String, Object> c = map(o, "a call route of " + where);
			String typeName = string(c, "type", where, "");
			CallType type;
			try {
				type = CallType.valueOf(typeName.toUpperCase());
			}
			catch (IllegalArgumentException ex) {
				throw fail(where + " routes unknown call type '" + typeName + "' (quality, maintenance, material, "
						+ "safety, help)");
			}
			String at = "call route '" + typeName + "' of " + where;
			java.time.Duration window = null;
			if (c.get("windowSeconds") != null) {
				if (!(c.get("windowSeconds") instanceof Number n) || n.doubleValue() <= 0) {
					throw fail(at + ": windowSeconds must be a positive number");
				}
				window = java.time.Duration.ofMillis(Math.round(n.doubleValue() * 1000));
			}
			EscalationPolicy chain = c.get("escalation") == null ? lineChain : escalation(at, c.get("escalation"), Map.of());
			routes.put(type, new CallRoute(type, string(c, "team", at, null), window,
					Boolean.TRUE.equals(c.get("stopAtOnce")), chain));
		}
		for (CallType type : CallType.values()) {
			routes.putIfAbsent(type, new CallRoute(type, null, null, false, lineChain));
		}
		return Map.copyOf(routes);
	}

	private EscalationPolicy escalation(String where, Object levelsNode, Map<String, Object> l) {
		EscalationPolicy standard = EscalationPolicy.standard();
		List<EscalationLevel> levels = new ArrayList<>();
		if (levelsNode != null && !(levelsNode instanceof List)) {
			throw fail(where + ": 'escalation' must be a list of levels");
		}
		for (Object o : levelsNode == null ? List.of() : (List<?>) levelsNode) {
			Map<String, Object> e = map(o, "an escalation level of " + where);
			String name = string(e, "level", where, "level " + (levels.size() + 1));
			String at = "escalation level '" + name + "' of " + where;
			List<String> page = list(e, "page", at).stream().map(String::valueOf).toList();
			List<String> channels = list(e, "channels", at).stream().map(String::valueOf).toList();
			if (page.isEmpty()) {
				throw fail(at + " pages nobody (give page: [role:LEAD] or [user:NAME])");
			}
			for (String target : page) {
				if (!target.matches("(role:(LEAD|SUPERVISOR|QUALITY|ADMIN))|(user:.+)|(team:.+)")) {
					throw fail(at + " pages '" + target + "' (use role:LEAD, role:SUPERVISOR, role:ADMIN, "
							+ "team:NAME or user:NAME)");
				}
			}
			for (String channel : channels.isEmpty() ? List.of("push") : channels) {
				boolean known = channel.equals("push") || channel.equals("email")
						|| channel.startsWith("webhook:") && webhookIds.contains(channel.substring(8));
				if (!known) {
					throw fail(at + " uses unknown channel '" + channel + "' (push, email or webhook:ID of a webhook)");
				}
			}
			Object wait = e.getOrDefault("waitMinutes", 5);
			if (!(wait instanceof Number n) || n.doubleValue() <= 0) {
				throw fail(at + ": waitMinutes must be a positive number");
			}
			levels.add(new EscalationLevel(name, page, channels.isEmpty() ? List.of("push") : channels,
					java.time.Duration.ofSeconds(Math.round(n.doubleValue() * 60))));
		}
		int count = 0;
		java.time.Duration window = java.time.Duration.ZERO;
		if (l.get("repeatedRejects") != null) {
			Map<String, Object> r = map(l.get("repeatedRejects"), "repeatedRejects of " + where);
			if (!(r.get("count") instanceof Integer c) || c < 2 || !(r.get("withinMinutes") instanceof Number m)) {
				throw fail(where + ": repeatedRejects needs count (2 or more) and withinMinutes");
			}
			count = c;
			window = java.time.Duration.ofSeconds(Math.round(m.doubleValue() * 60));
		}
		return new EscalationPolicy(levels.isEmpty() ? standard.levels() : List.copyOf(levels), count, window);
	}

	private Roster roster(String where, Map<String, Object> l) {
		List<Shift> shifts = new ArrayList<>();
		for (Object o : list(l, "roster", where)) {
			Map<String, Object> s = map(o, "a shift of " + where);
			String name = string(s, "shift", where, "shift " + (shifts.size() + 1));
			Map<Role, String> people = new java.util.EnumMap<>(Role.class);
			for (Role role : List.of(Role.LEAD, Role.SUPERVISOR, Role.QUALITY, Role.ADMIN)) {
				String holder = string(s, role.name().toLowerCase(), where, null);
				if (holder != null) {
					people.put(role, holder);
				}
			}
			Map<String, String> teams = new java.util.LinkedHashMap<>();
			if (s.get("teams") != null) {
				map(s.get("teams"), "teams of shift '" + name + "'").forEach((team, holder) -> teams.put(team,
						String.valueOf(holder)));
			}
			try {
				shifts.add(new Shift(name, java.time.LocalTime.parse(string(s, "from", where, "")),
						java.time.LocalTime.parse(string(s, "to", where, "")), Map.copyOf(people), Map.copyOf(teams)));
			}
			catch (java.time.format.DateTimeParseException ex) {
				throw fail("shift '" + name + "' of " + where + " needs from and to as HH:MM");
			}
		}
		return new Roster(List.copyOf(shifts));
	}

	/** People a line's roster or escalation names must exist. */
	private void checkPeople(Line line, Map<String, Person> people) {
		for (Shift s : line.roster().shifts()) {
			s.people().forEach((role, name) -> {
				if (!people.containsKey(name)) {
					throw fail("shift '" + s.name() + "' of line '" + line.id() + "' names unknown user '" + name + "'");
				}
			});
			s.teams().forEach((team, name) -> {
				if (!people.containsKey(name)) {
					throw fail("shift '" + s.name() + "' of line '" + line.id() + "' names unknown user '" + name + "'");
				}
			});
		}
		List<EscalationLevel> allLevels = new ArrayList<>(line.escalation().levels());
		line.callRoutes().values().forEach(r -> allLevels.addAll(r.escalation().levels()));
		for (EscalationLevel level : allLevels) {
			for (String target : level.page()) {
				if (target.startsWith("user:") && !people.containsKey(target.substring(5))) {
					throw fail("escalation level '" + level.name() + "' of line '" + line.id()
							+ "' pages unknown user '" + target.substring(5) + "'");
				}
			}
		}
	}

	private Webhook webhook(String id, Map<String, Object> w) {
		String where = "webhook '" + id + "'";
		String format = string(w, "format", where, "generic");
		if (!List.of("generic", "slack", "pagerduty").contains(format)) {
			throw fail(where + " has unknown format '" + format + "' (generic, slack or pagerduty)");
		}
		String url = string(w, "url", where, null);
		String secret = string(w, "secret", where, null);
		if (url == null || !url.matches("https?://.+")) {
			throw fail(where + " needs an http(s) url");
		}
		if (secret == null || secret.length() < 16) {
			throw fail(where + " needs a secret of at least 16 characters (receivers check the HMAC signature)");
		}
		String routingKey = string(w, "routingKey", where, null);
		if (format.equals("pagerduty") && routingKey == null) {
			throw fail(where + " in pagerduty format needs the routingKey of the PagerDuty service");
		}
		return new Webhook(id, java.net.URI.create(url), format, secret, routingKey);
	}

	private ZoneId zone(String zone) {
		try {
			return ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw fail("plant zone '" + zone + "' is not a time zone");
		}
	}

	private String id(Map<String, Object> m, String what) {
		String key = switch (what) {
			case "user" -> "username";
			case "defect code" -> "code";
			default -> "id";
		};
		String id = string(m, key, "a " + what, null);
		if ("andon".equals(id)) {
			throw fail("the id 'andon' is reserved for the line server itself");
		}
		if (id == null || !ID.matcher(id).matches()) {
			throw fail("a " + what + " has a missing or invalid id '" + id
					+ "' (letters, digits, '.', '_' or '-', at most 64)");
		}
		return id;
	}

	private String string(Map<String, Object> m, String key, String where, String fallback) {
		Object v = m.get(key);
		if (v == null) {
			return fallback;
		}
		if (v instanceof Map || v instanceof List) {
			throw fail(where + ": '" + key + "' must be a plain value");
		}
		return String.valueOf(v);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> map(Object o, String what) {
		if (!(o instanceof Map)) {
			throw fail(what + " must be a mapping");
		}
		return (Map<String, Object>) o;
	}

	private List<?> list(Map<String, Object> m, String key, String where) {
		Object v = m.get(key);
		if (v == null) {
			return List.of();
		}
		if (!(v instanceof List<?> l)) {
			throw fail(where + ": '" + key + "' must be a list");
		}
		return l;
	}

	private static Map<String, List<String>> freeze(Map<String, List<String>> m) {
		Map<String, List<String>> copy = new HashMap<>();
		m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
		return Map.copyOf(copy);
	}

	private InvalidTopologyException fail(String problem) {
		return new InvalidTopologyException(source, problem);
	}
}
