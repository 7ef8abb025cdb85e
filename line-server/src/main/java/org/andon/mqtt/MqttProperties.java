package org.andon.mqtt;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Settings of the MQTT bridge.
 *
 * @param enabled whether the line server connects to a broker at all (off by default)
 * @param url the broker, for example {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
 * @param clientId the bridge's fixed MQTT client id: with a persistent session the broker keeps presses for it while
 * the line server is away, so every node of a cluster needs its own (and only one node should run the bridge)
 * @param username the bridge's broker user
 * @param password its broker password
 * @param topicRoot the first level of every topic ({@code andon/<line>/<station>/...})
 * @param devices the device registry: which device may press for which station, with its key
 * @param reconnectDelay the longest wait between connection attempts: 1 s after a loss, doubling while they fail
 * @param keepAlive MQTT keep-alive interval
 * @param connectTimeout how long a connection attempt may go unanswered before the bridge drops it and tries again:
 * the MQTT client waits for a broker's CONNACK without end, so a broker that takes the TCP connection and never
 * answers (half up after a restart, hung, a firewall dropping replies) would hold it forever
 * @param maxInflight QoS 1 messages the bridge sends before the broker's acknowledgements (lamps past that wait)
 */
@ConfigurationProperties("andon.mqtt")
record MqttProperties(@DefaultValue("false") boolean enabled, @DefaultValue("tcp://127.0.0.1:1883") String url,
		@DefaultValue("andon-line-server") String clientId, String username, String password,
		@DefaultValue("andon") String topicRoot, Resource devices, @DefaultValue("5s") Duration reconnectDelay,
		@DefaultValue("30s") Duration keepAlive, @DefaultValue("30s") Duration connectTimeout,
		@DefaultValue("100") int maxInflight) {
}
