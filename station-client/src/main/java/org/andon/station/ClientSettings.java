package org.andon.station;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.andon.station.link.Backoff;
import org.andon.station.link.LinkFactory;
import org.andon.station.link.Scheduler;

/**
 * What a {@link StationClient} was built with. {@code scheduler} and {@code links} are null when the client makes
 * (and so also shuts down) its own.
 */
record ClientSettings(List<URI> servers, String stationId, String token, Clock clock, RandomGenerator random,
		Scheduler scheduler, LinkFactory links, Supplier<UUID> ids, Backoff backoff, Duration probeEvery,
		Duration answerWithin, Duration connectWithin) {
}
