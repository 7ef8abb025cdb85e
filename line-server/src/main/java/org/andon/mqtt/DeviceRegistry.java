package org.andon.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.andon.line.CallType;
import org.andon.line.Topology;
import org.andon.protocol.StopReason;
import org.springframework.core.io.Resource;

/**
 * The devices that may press for stations, read from their own file ({@code andon.mqtt.devices}), apart from the
 * plant file: devices are swapped and rewired far more often than lines change. A file naming an unknown station
 * or person, a duplicate id or a short key stops start-up with a message naming the file and the problem.
 */
final class DeviceRegistry {

	static final int MIN_KEY = 16;

	private final Map<String, Device> devices;

	private DeviceRegistry(Map<String, Device> devices) {
		this.devices = devices;
	}

	Optional<Device> device(String id) {
		return Optional.ofNullable(id == null ? null : devices.get(id));
	}

	java.util.Collection<Device> all() {
		return devices.values();
	}

	int size() {
		return devices.size();
	}

	static DeviceRegistry load(Resource file, Topology topology) {
		if (file == null) {
			throw new IllegalStateException("andon.mqtt.enabled is true but andon.mqtt.devices names no device file");
		}
		String source = file.getDescription();
		Object root;
		try (InputStream in = file.getInputStream()) {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (IOException | RuntimeException ex) {
			throw invalid(source, "cannot be read (" + ex.getMessage() + ")");
		}
		if (!(root instanceof Map<?, ?> map) || !(map.get("devices") instanceof List<?> list)) {
			throw invalid(source, "must have a list 'devices'");
		}
		Map<String, Device> devices = new LinkedHashMap<>();
		for (Object item : list) {
			if (!(item instanceof Map<?, ?> d)) {
				throw invalid(source, "each device must be a map");
			}
			String id = text(d, "id");
			if (id == null || !id.matches("[\\p{Alnum}._-]{1,64}")) {
				throw invalid(source, "device id '" + id + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
			}
			Set<String> stations = new LinkedHashSet<>();
			if (text(d, "station") != null) {
				stations.add(text(d, "station"));
			}
			if (d.get("stations") instanceof List<?> more) {
				more.forEach(s -> stations.add(String.valueOf(s)));
			}
			if (stations.isEmpty()) {
				throw invalid(source, "device " + id + " names no station");
			}
			for (String s : stations) {
				if (topology.station(s).isEmpty()) {
					throw invalid(source, "device " + id + " names station '" + s + "', which is not in the plant");
				}
			}
			String key = text(d, "key");
			if (key == null || key.length() < MIN_KEY) {
				throw invalid(source, "device " + id + " needs a key of at least " + MIN_KEY + " characters");
			}
			String person = text(d, "person");
			if (person != null && topology.person(person).isEmpty()) {
				throw invalid(source, "device " + id + " acts for person '" + person + "', who is not in the plant");
			}
			String callType = upper(text(d, "callType"));
			if (callType != null && !valid(CallType.class, callType)) {
				throw invalid(source, "device " + id + " has an unknown callType '" + text(d, "callType")
						+ "' (quality, maintenance, material, safety, help)");
			}
			String reason = upper(text(d, "reason"));
			if (reason != null && !valid(StopReason.class, reason)) {
				throw invalid(source, "device " + id + " has an unknown reason '" + text(d, "reason")
						+ "' (quality, safety, material, maintenance, other)");
			}
			if (devices.put(id, new Device(id, Set.copyOf(stations), key, person, callType, reason)) != null) {
				throw invalid(source, "device id " + id + " is listed twice");
			}
		}
		return new DeviceRegistry(Map.copyOf(devices));
	}

	private static <E extends Enum<E>> boolean valid(Class<E> type, String name) {
		try {
			Enum.valueOf(type, name);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String upper(String s) {
		return s == null ? null : s.toUpperCase(Locale.ROOT);
	}

	private static String text(Map<?, ?> map, String key) {
		Object v = map.get(key);
		return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).trim();
	}

	private static IllegalStateException invalid(String source, String problem) {
		return new IllegalStateException("Invalid device file " + source + ": " + problem);
	}
}
