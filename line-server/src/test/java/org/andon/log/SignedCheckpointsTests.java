package org.andon.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SignedLogTests} with checkpoints signed by HMAC-SHA256: the verifier needs the same key. */
class SignedCheckpointsTests extends SignedLogTests {

	static final String KEY = "checkpoint-key-for-tests-0123456789abcdef";
	static Path dir;

	@DynamicPropertySource
	static void signed(DynamicPropertyRegistry registry) throws Exception {
		dir = Files.createTempDirectory("andon-checkpoints");
		settings(registry, dir, Map.of("andon.log.checkpoint.key", KEY));
	}

	@Override
	Path dir() {
		return dir;
	}

	@Override
	List<String> verifierArgs() {
		return List.of("--checkpoint-key=" + KEY);
	}

	@Override
	CheckpointSigner forger() {
		return CheckpointSigner.hmac("not-the-key-but-long-enough-0123456789");
	}
}
