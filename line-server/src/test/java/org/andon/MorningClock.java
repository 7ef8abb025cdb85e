package org.andon;

import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A line server whose clock the test moves, starting at 10:00 in Berlin on a weekday (the early shift). */
@TestConfiguration
class MorningClock {

	static final Instant MORNING = Instant.parse("2026-11-27T09:00:00Z");

	@Bean
	@Primary
	MutableClock testClock() {
		return new MutableClock(MORNING);
	}
}
