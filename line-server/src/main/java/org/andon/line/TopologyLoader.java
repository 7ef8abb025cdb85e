package org.andon.line;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

	private final TopologyFile file;

	private TopologyLoader(String source) {
		this.file = new TopologyFile(source);
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
			throw file.fail("is not valid YAML (" + ex.getMessage().lines().findFirst().orElse("") + ")");
		}
		Map<String, Object> top = file.map(root, "the file");
		Map<String, Object> plant = top.containsKey("plant") ? file.map(top.get("plant"), "plant") : Map.of();
		String plantName = file.string(plant, "name", "plant", "Plant");
		ZoneId zone = zone(file.string(plant, "zone", "plant", "UTC"));

		Map<String, Map<String, Object>> stationDefs = new LinkedHashMap<>();
		for (Object o : file.list(top, "stations", "the file")) {
			Map<String, Object> s = file.map(o, "a station");
			String id = file.id(s, "station");
			if (stationDefs.put(id, s) != null) {
				throw file.fail("duplicate station id '" + id + "'");
			}
		}

		Map<String, Webhook> webhooks = new LinkedHashMap<>();
		for (Object o : file.list(top, "webhooks", "the file")) {
			Map<String, Object> w = file.map(o, "a webhook");
			Webhook hook = webhook(file.id(w, "webhook"), w);
			if (webhooks.put(hook.id(), hook) != null) {
				throw file.fail("duplicate webhook id '" + hook.id() + "'");
			}
		}
		ResponseReader responses = new ResponseReader(file, webhooks.keySet());
		LineReader lineReader = new LineReader(file, responses);

		Map<String, String> lineOfStation = new HashMap<>();
		Map<String, Line> lines = new LinkedHashMap<>();
		Map<String, Station> stations = new LinkedHashMap<>();
		for (Object o : file.list(top, "lines", "the file")) {
			Map<String, Object> l = file.map(o, "a line");
			String lineId = file.id(l, "line");
			if (lines.containsKey(lineId)) {
				throw file.fail("duplicate line id '" + lineId + "'");
			}
			lines.put(lineId, lineReader.read(lineId, l, stationDefs, lineOfStation, stations));
		}
		for (String id : stationDefs.keySet()) {
			if (!lineOfStation.containsKey(id)) {
				throw file.fail("station '" + id + "' is on no line");
			}
		}

		Map<String, Person> people = new LinkedHashMap<>();
		for (Object o : file.list(top, "users", "the file")) {
			Map<String, Object> u = file.map(o, "a user");
			String username = file.id(u, "user");
			if (people.containsKey(username) || stations.containsKey(username)) {
				throw file.fail("duplicate id '" + username + "' (user names and station ids share one namespace)");
			}
			people.put(username, person(username, u));
		}
		for (Line line : lines.values()) {
			responses.checkPeople(line, people);
		}
		return new Topology(file.source(), plantName, zone, Map.copyOf(lines), Map.copyOf(stations), Map.copyOf(people),
				Map.copyOf(webhooks));
	}

	private Person person(String username, Map<String, Object> u) {
		String where = "user '" + username + "'";
		String hash = file.string(u, "password", where, null);
		if (!TopologyFile.bcrypt(hash)) {
			throw file.fail(where + " needs a password given as a BCrypt hash");
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Object r : file.list(u, "roles", where)) {
			try {
				roles.add(Role.valueOf(String.valueOf(r).trim().toUpperCase()));
			}
			catch (IllegalArgumentException ex) {
				throw file.fail(where + " has unknown role '" + r + "' (known: LEAD, SUPERVISOR, QUALITY, ADMIN)");
			}
		}
		Set<String> teams = new java.util.LinkedHashSet<>();
		file.list(u, "teams", where).forEach(t -> teams.add(String.valueOf(t)));
		if (roles.contains(Role.WORKER) || roles.isEmpty() && teams.isEmpty()) {
			throw file.fail(where + " needs a team (for example maintenance) or at least one of the roles LEAD, "
					+ "SUPERVISOR, QUALITY, ADMIN (WORKER is the role of a station)");
		}
		return new Person(username, file.string(u, "name", where, username), hash, Set.copyOf(roles),
				file.string(u, "email", where, null), Set.copyOf(teams));
	}

	private Webhook webhook(String id, Map<String, Object> w) {
		String where = "webhook '" + id + "'";
		String format = file.string(w, "format", where, "generic");
		if (!List.of("generic", "slack", "pagerduty").contains(format)) {
			throw file.fail(where + " has unknown format '" + format + "' (generic, slack or pagerduty)");
		}
		String url = file.string(w, "url", where, null);
		String secret = file.string(w, "secret", where, null);
		if (url == null || !url.matches("https?://.+")) {
			throw file.fail(where + " needs an http(s) url");
		}
		if (secret == null || secret.length() < 16) {
			throw file.fail(where + " needs a secret of at least 16 characters (receivers check the HMAC signature)");
		}
		String routingKey = file.string(w, "routingKey", where, null);
		if (format.equals("pagerduty") && routingKey == null) {
			throw file.fail(where + " in pagerduty format needs the routingKey of the PagerDuty service");
		}
		return new Webhook(id, java.net.URI.create(url), format, secret, routingKey);
	}

	private ZoneId zone(String zone) {
		try {
			return ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw file.fail("plant zone '" + zone + "' is not a time zone");
		}
	}
}
