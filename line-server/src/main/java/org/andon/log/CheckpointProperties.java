package org.andon.log;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed checkpoints of the log head ({@link LogCheckpoints}).
 *
 * @param key the HMAC-SHA256 key (at least 32 characters); without it no checkpoints are written or checked
 * @param every how often the head is signed when it moved; entries newer than the last checkpoint are covered
 * by the hash chain only
 * @param file where each checkpoint is also appended, outside the database (ship it off the machine: a tail cut
 * off together with the checkpoint rows is still seen against it); none when unset
 */
@ConfigurationProperties("andon.log.checkpoint")
record CheckpointProperties(String key, @DefaultValue("1m") Duration every, Path file) {

	CheckpointProperties {
		if (key != null && !key.isBlank() && key.length() < 32) {
			throw new IllegalArgumentException("andon.log.checkpoint.key must be at least 32 characters");
		}
	}

	boolean enabled() {
		return key != null && !key.isBlank();
	}
}
