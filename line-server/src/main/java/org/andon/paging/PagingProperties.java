package org.andon.paging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How pages are delivered.
 *
 * @param poll how often the dispatcher looks for pages that are due
 * @param firstBackoff wait after the first failed attempt; doubles after each failure
 * @param maxBackoff the longest wait between attempts
 * @param maxAttempts after this many failures a page is UNDELIVERABLE (shown in the API and the metrics)
 * @param mailFrom sender address of page emails
 * @param publicUrl how people reach this line server (links in pages)
 */
@ConfigurationProperties("andon.paging")
record PagingProperties(@DefaultValue("500ms") Duration poll, @DefaultValue("2s") Duration firstBackoff,
		@DefaultValue("5m") Duration maxBackoff, @DefaultValue("15") int maxAttempts,
		@DefaultValue("andon@localhost") String mailFrom, @DefaultValue("http://localhost:8080") String publicUrl) {
}
