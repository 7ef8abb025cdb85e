package org.andon.paging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due pages from the outbox, at least once: each page is claimed in the database (so with several line
 * servers on one database exactly one of them sends it), sent outside any transaction, then its attempt is
 * recorded and it is marked delivered, or scheduled again with exponential backoff, or — after the configured
 * number of attempts — marked UNDELIVERABLE, which the API lists and a metric counts. Never silently dropped.
 */
@Component
class PageDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PageDispatcher.class);

	private final PageRepository pages;
	private final PageAttemptRepository attempts;
	private final Channels channels;
	private final PagingProperties properties;
	private final TransactionTemplate tx;
	private final Clock clock;
	private final MeterRegistry meters;
	private ScheduledExecutorService executor;

	PageDispatcher(PageRepository pages, PageAttemptRepository attempts, Channels channels,
			PagingProperties properties, PlatformTransactionManager txManager, Clock clock, MeterRegistry meters) {
		this.pages = pages;
		this.attempts = attempts;
		this.channels = channels;
		this.properties = properties;
		this.tx = new TransactionTemplate(txManager);
		this.clock = clock;
		this.meters = meters;
		Gauge.builder("andon.pages.undelivered", pages, p -> p.countByStatus(Page.UNDELIVERABLE))
			.description("Pages given up after every attempt failed").register(meters);
		Gauge.builder("andon.pages.pending", pages, p -> p.countByStatus(Page.PENDING))
			.description("Pages waiting to be delivered or retried").register(meters);
	}

	/** Sends everything that is due now; returns how many pages were tried. */
	int dispatchDue() {
		List<Page> due = tx.execute(s -> pages.due(clock.instant(), Limit.of(50)));
		int tried = 0;
		for (Page page : due) {
			Instant at = clock.instant(); // an attempt is dated when it starts; the backoff counts from there
			Integer claimed = tx.execute(s -> pages.claim(page.id(), page.nextAttemptAt(), at.plus(properties.claim())));
			if (claimed == null || claimed == 0) {
				continue; // another node took it, or it was delivered meanwhile
			}
			tried++;
			String failure = channels.deliver(page);
			tx.executeWithoutResult(s -> record(page.id(), failure, at));
		}
		return tried;
	}

	private void record(long pageId, String failure, Instant at) {
		Page page = pages.findById(pageId).orElseThrow();
		if (!Page.PENDING.equals(page.status())) {
			return;
		}
		int attempt = failure == null ? page.delivered(at)
				: failure.startsWith(Channels.REFUSED) ? page.refused(at, failure)
						: page.failed(at, failure, properties.firstBackoff(), properties.maxBackoff(),
								properties.maxAttempts());
		attempts.save(new PageAttempt(pageId, attempt, at, failure == null, failure));
		String outcome = failure == null ? "delivered" : Page.UNDELIVERABLE.equals(page.status()) ? "undeliverable"
				: "failed";
		Counter.builder("andon.pages").description("Page delivery attempts, by channel and outcome")
			.tag("channel", page.channel()).tag("outcome", outcome).register(meters).increment();
		if (failure != null) {
			log.warn("page {} to {} on {}: attempt {} failed ({}){}", page.pageKey(), page.recipient(),
					page.channel(), attempt, failure, outcome.equals("undeliverable") ? "; giving up" : "");
		}
	}

	@Override
	public void start() {
		executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "page-dispatcher"));
		long every = properties.poll().toMillis();
		executor.scheduleWithFixedDelay(() -> {
			try {
				dispatchDue();
			}
			catch (RuntimeException ex) {
				log.error("page dispatch failed; trying again", ex);
			}
		}, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		executor.shutdown();
		try {
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return executor != null && !executor.isShutdown();
	}
}
