package org.andon.line;

import java.net.URI;

/**
 * A receiver of pages over HTTP: JSON POSTed to {@code url}, signed with HMAC-SHA256 over the body using
 * {@code secret}. {@code format} is {@code generic}, {@code slack} (incoming-webhook body) or {@code pagerduty}
 * (Events API v2, which also needs {@code routingKey}).
 */
public record Webhook(String id, URI url, String format, String secret, String routingKey) {
}
