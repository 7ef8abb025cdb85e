package org.andon.command;

import java.util.EnumSet;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.andon.protocol.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command decoder under random and mutated bodies: it never throws, and every body becomes either a command of
 * a known type with a UUID commandId, or a refusal with one of the decoder's own error codes and a message.
 */
class CommandParserFuzzTests {

	private static final Set<ErrorCode> DECODER_CODES = EnumSet.of(ErrorCode.MALFORMED_JSON, ErrorCode.MISSING_FIELD,
			ErrorCode.INVALID_FIELD, ErrorCode.UNKNOWN_TYPE);

	private final CommandParser parser = new CommandParser(JsonMapper.builder().build());

	@Property(tries = 2000)
	void aMutatedCommandIsDecodedOrRefusedWithAClearError(@ForAll("mutated") String body) {
		check(HostileCommands.utf8(body));
	}

	@Property(tries = 1000)
	void garbageIsRefusedAsMalformedOrIncomplete(@ForAll("garbage") byte[] body) {
		CommandParser.Parsed parsed = check(body);
		assertThat(parsed.request()).as("garbage never becomes a command").isNull();
	}

	private CommandParser.Parsed check(byte[] body) {
		CommandParser.Parsed parsed = parser.parse(body);
		assertThat(parsed.request() == null).as("a command or a refusal, never both nor neither")
			.isNotEqualTo(parsed.refusal() == null);
		if (parsed.refusal() != null) {
			assertThat(DECODER_CODES).contains(parsed.refusal().code());
			assertThat(parsed.refusal().message()).isNotBlank();
		}
		else {
			assertThat(parsed.request().type()).isNotNull();
			assertThat(parsed.request().commandId()).matches("[0-9a-fA-F-]{36}");
		}
		return parsed;
	}

	@Provide
	Arbitrary<String> mutated() {
		return HostileCommands.mutatedCommands();
	}

	@Provide
	Arbitrary<byte[]> garbage() {
		return HostileCommands.garbage();
	}
}
