package org.andon.messaging;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * One endpoint ({@code /ws}), commands under {@code /app}, station queues under {@code /user/queue}, line topics
 * under {@code /topic}. Order is preserved both ways: a station's commands are handled (and written to the log) in
 * the order it sent them, and what the server publishes reaches each session in the order it was published. Results
 * are matched by commandId: a command refused before it is queued is answered at once and may overtake the result
 * of an earlier command still being written. ({@link MessageBrokerSetup} turns the broker on with this configuration.)
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

	private final ProtocolProperties properties;
	private final ClusterProperties cluster;
	private final StompSignIn signIn;
	private final OpenSockets sockets;
	private final UnsignedSockets unsigned;

	WebSocketConfig(ProtocolProperties properties, ClusterProperties cluster, StompSignIn signIn, OpenSockets sockets,
			UnsignedSockets unsigned, org.andon.people.SignInProperties signInRules,
			@Value("${spring.datasource.url:}") String databaseUrl,
			@Value("${server.ssl.client-auth:none}") String clientAuth, @Value("${server.ssl.bundle:}") String bundle) {
		this.unsigned = unsigned;
		if (signInRules.stationCertificates() && (bundle.isBlank() || clientAuth.equalsIgnoreCase("none"))) {
			// every station would be refused at sign-in: say so at start-up, not one refused station at a time
			throw new IllegalStateException("andon.sign-in.station-certificates=true needs TLS that asks for client "
					+ "certificates: an SSL bundle with the plant CA in its truststore (server.ssl.bundle, now '"
					+ bundle + "') and server.ssl.client-auth=want or need (now " + clientAuth + ")");
		}
		this.properties = properties;
		this.sockets = sockets;
		this.cluster = cluster;
		this.signIn = signIn;
		if (cluster.enabled() && !databaseUrl.startsWith("jdbc:postgresql:")) {
			// Nodes must share one log; an H2 file belongs to one process. Refuse to start rather than split the log.
			throw new IllegalStateException("andon.cluster.enabled=true needs a database all nodes share "
					+ "(spring.datasource.url=jdbc:postgresql://...), not " + databaseUrl);
		}
	}

	/** The in-memory broker's destination cache, sized for every session's own queues ({@link BrokerCache}). */
	@org.springframework.context.annotation.Bean
	static BrokerCache brokerCache() {
		return new BrokerCache();
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws").setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new))
			.addInterceptors(new RemoteAddress(), unsigned.handshake());
		registry.setPreserveReceiveOrder(true);
	}

	/**
	 * Keeps the address a WebSocket came from, for the sign-in throttle ({@link StompSignIn#REMOTE_ADDRESS}), and
	 * the common name of the client certificate it showed over mutual TLS, if any
	 * ({@link StompSignIn#CERTIFICATE_NAME}).
	 */
	private static final class RemoteAddress implements org.springframework.web.socket.server.HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(org.springframework.http.server.ServerHttpRequest request,
				org.springframework.http.server.ServerHttpResponse response,
				org.springframework.web.socket.WebSocketHandler handler, java.util.Map<String, Object> attributes) {
			attributes.put(StompSignIn.REMOTE_ADDRESS, UnsignedSockets.addressOf(request));
			if (request instanceof org.springframework.http.server.ServletServerHttpRequest servlet
					&& servlet.getServletRequest().getAttribute("jakarta.servlet.request.X509Certificate")
						instanceof java.security.cert.X509Certificate[] chain && chain.length > 0) {
				String name = commonName(chain[0]);
				if (name != null) {
					attributes.put(StompSignIn.CERTIFICATE_NAME, name);
				}
			}
			return true;
		}

		private static String commonName(java.security.cert.X509Certificate certificate) {
			try {
				// getRdns() lists the name from its right, least specific end: the station's CN is the last one
				java.util.List<javax.naming.ldap.Rdn> rdns = new javax.naming.ldap.LdapName(
						certificate.getSubjectX500Principal().getName()).getRdns();
				for (int i = rdns.size() - 1; i >= 0; i--) {
					if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
						return String.valueOf(rdns.get(i).getValue());
					}
				}
			}
			catch (javax.naming.InvalidNameException unreadable) {
				// no name to go by: the station is refused if it needs one
			}
			return null;
		}

		@Override
		public void afterHandshake(org.springframework.http.server.ServerHttpRequest request,
				org.springframework.http.server.ServerHttpResponse response,
				org.springframework.web.socket.WebSocketHandler handler, Exception exception) {
		}
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		if (cluster.enabled()) {
			// Every node relays to the same broker: a push published by one node reaches the sessions of all of
			// them. Pushes for a user (a station's HALT) are broadcast to every node, which delivers them to its
			// own sessions (UserQueues); no node relies on a copy of the others' session lists, which lags.
			registry.enableStompBrokerRelay("/topic", "/queue")
				.setRelayHost(cluster.relayHost())
				.setRelayPort(cluster.relayPort())
				.setSystemLogin(cluster.login())
				.setSystemPasscode(cluster.passcode())
				.setClientLogin(cluster.login())
				.setClientPasscode(cluster.passcode())
				.setVirtualHost(cluster.virtualHost())
				.setUserDestinationBroadcast(UserQueues.CLUSTER_BROADCAST);
		}
		else {
			registry.enableSimpleBroker("/topic", "/queue");
		}
		registry.setUserDestinationPrefix("/user");
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(signIn);
	}

	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.interceptors(signIn.outbound());
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(properties.maxFrameBytes());
		registration.addDecoratorFactory(handler -> new WholeMessages(handler, properties.maxFrameBytes()));
		registration.addDecoratorFactory(sockets::tracking);
		registration.addDecoratorFactory(unsigned::tracking);
	}

	/**
	 * Tomcat's message buffers, which it allocates at full size for every session (a text buffer of this many chars
	 * and a binary one of this many bytes): small, because a message larger than them comes in pieces that
	 * {@link WholeMessages} puts together up to {@code max-frame-bytes}. Most commands and sync requests fit whole.
	 */
	static final int TOMCAT_MESSAGE_BUFFER = 1024;

	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(TOMCAT_MESSAGE_BUFFER);
		container.setMaxBinaryMessageBufferSize(TOMCAT_MESSAGE_BUFFER);
		return container;
	}

	/**
	 * Tomcat's socket buffers, also kept for the life of every connection (a WebSocket session is one): 4 KiB each
	 * way instead of 8 KiB, 16 MB less heap with 2,000 sessions. A larger read or write takes more than one pass.
	 */
	@Bean
	TomcatConnectorCustomizer smallSocketBuffers() {
		return connector -> {
			connector.setProperty("socket.appReadBufSize", "4096");
			connector.setProperty("socket.appWriteBufSize", "4096");
		};
	}
}
