package org.andon.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SignedLogTests} with checkpoints signed by Ed25519: the server holds the private key, and the offline
 * verifier is given only the public key, so whoever checks the log cannot sign a checkpoint of their own.
 */
class Ed25519CheckpointsTests extends SignedLogTests {

	static Path dir;

	@DynamicPropertySource
	static void signed(DynamicPropertyRegistry registry) throws Exception {
		dir = Files.createTempDirectory("andon-ed25519-checkpoints");
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		pem(dir.resolve("checkpoint.key"), "PRIVATE KEY", pair.getPrivate().getEncoded());
		pem(dir.resolve("checkpoint.pub"), "PUBLIC KEY", pair.getPublic().getEncoded());
		settings(registry, dir, Map.of("andon.log.checkpoint.private-key", dir.resolve("checkpoint.key").toString(),
				"andon.log.checkpoint.public-key", dir.resolve("checkpoint.pub").toString()));
	}

	/** What {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write. */
	static void pem(Path file, String label, byte[] der) throws Exception {
		Files.writeString(file, "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' })
			.encodeToString(der) + "\n-----END " + label + "-----\n", StandardCharsets.US_ASCII);
	}

	@Override
	Path dir() {
		return dir;
	}

	@Override
	List<String> verifierArgs() {
		return List.of("--public-key=" + dir.resolve("checkpoint.pub"));
	}

	@Override
	CheckpointSigner forger() {
		try {
			KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			return CheckpointSigner.ed25519(other.getPrivate(), other.getPublic());
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void checkpointsCarryAnEd25519SignatureAndAPublicKeyAloneCannotSign() throws Exception {
		assertThat(Files.readString(file())).matches("10 [0-9a-f]{64} \\S+ ed25519:[A-Za-z0-9+/=]{88}\\n");
		CheckpointSigner verifier = CheckpointSigner.ed25519(null,
				CheckpointSigner.publicKey(dir.resolve("checkpoint.pub")));
		assertThat(verifier.signs()).isFalse();
		assertThat(LogCheckpoints.fromFile(file())).allSatisfy(c -> assertThat(verifier.valid(c)).isTrue());
		Checkpoint hmac = CheckpointSigner.hmac("an-hmac-key-is-not-the-ed25519-key-0123").sign(10, hashAt(10),
				Instant.now());
		assertThat(verifier.valid(hmac)).as("a checkpoint of the other kind").isFalse();
	}
}
