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
 * @param claim how long a node holds a page it is delivering before another node may take it over (longer than the
 * slowest channel's timeout; a page held by a node that died waits this long)
 */
@ConfigurationProperties("andon.paging")
record PagingProperties(@DefaultValue("500ms") Duration poll, @DefaultValue("2s") Duration firstBackoff,
		@DefaultValue("5m") Duration maxBackoff, @DefaultValue("15") int maxAttempts,
		@DefaultValue("andon@localhost") String mailFrom, @DefaultValue("http://localhost:8080") String publicUrl,
		@DefaultValue("2m") Duration claim) {
}
