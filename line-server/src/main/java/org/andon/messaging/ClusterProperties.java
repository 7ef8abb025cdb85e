package org.andon.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster mode: several line servers share one PostgreSQL database and relay every push through a STOMP broker
 * (RabbitMQ with its {@code rabbitmq_stomp} plugin), so a stop pulled at a station connected to one node halts the
 * stations and reaches the boards connected to any node. Off by default: one node with its in-memory broker.
 *
 * @param enabled relay through the broker instead of the in-memory broker
 * @param relayHost the broker's STOMP host
 * @param relayPort the broker's STOMP port (RabbitMQ's plugin listens on 61613)
 * @param login broker user for the relay's own connection and for the connection it opens per session
 * @param passcode that user's password
 * @param virtualHost the broker's virtual host ({@code /} for RabbitMQ's default)
 */
@ConfigurationProperties("andon.cluster")
record ClusterProperties(@DefaultValue("false") boolean enabled, @DefaultValue("127.0.0.1") String relayHost,
		@DefaultValue("61613") int relayPort, @DefaultValue("guest") String login,
		@DefaultValue("guest") String passcode, @DefaultValue("/") String virtualHost) {
}
