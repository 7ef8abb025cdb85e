package org.andon;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The line server: receives station events, enforces the three-no rules, stops the line and logs every hand-off. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LineServerApplication {

	static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	public static void main(String[] args) {
		if (args.length > 0 && "verify-log".equals(args[0])) {
			System.exit(org.andon.log.VerifyLogCommand.run(args));
		}
		smallWebSocketBuffers();
		SpringApplication.run(LineServerApplication.class, args);
	}

	/**
	 * Tomcat gives every WebSocket session a read and a write buffer of this size (8 KiB unless set), read once when
	 * its WebSocket classes load, so it is set before the server starts. Pushes and commands are mostly well under
	 * 4 KiB; a larger message is read or sent in several pieces. With 2,000 sessions that is 16 MB less heap
	 * (docs/benchmarks.md, memory). {@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=...} still wins.
	 */
	static void smallWebSocketBuffers() {
		if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
			System.setProperty(WEBSOCKET_BUFFER_PROPERTY, "4096");
		}
	}

	/** The one source of "now"; tests replace it with a controllable clock. */
	@Bean
	@ConditionalOnMissingBean(Clock.class)
	Clock clock() {
		return Clock.systemUTC();
	}
}
