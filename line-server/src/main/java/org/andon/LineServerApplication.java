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

	public static void main(String[] args) {
		if (args.length > 0 && "verify-log".equals(args[0])) {
			System.exit(org.andon.log.VerifyLogCommand.run(args));
		}
		SpringApplication.run(LineServerApplication.class, args);
	}

	/** The one source of "now"; tests replace it with a controllable clock. */
	@Bean
	@ConditionalOnMissingBean(Clock.class)
	Clock clock() {
		return Clock.systemUTC();
	}
}
