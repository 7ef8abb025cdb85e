package org.andon.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * One endpoint ({@code /ws}), commands under {@code /app}, station queues under {@code /user/queue}, line topics
 * under {@code /topic}. Order is preserved both ways: a station's commands are handled (and written to the log) in
 * the order it sent them, and what the server publishes reaches each session in the order it was published. Results
 * are matched by commandId: a command refused before it is queued is answered at once and may overtake the result
 * of an earlier command still being written.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

	private final ProtocolProperties properties;
	private final StompSignIn signIn;

	WebSocketConfig(ProtocolProperties properties, StompSignIn signIn) {
		this.properties = properties;
		this.signIn = signIn;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws").setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
		registry.setPreserveReceiveOrder(true);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		registry.enableSimpleBroker("/topic", "/queue");
		registry.setUserDestinationPrefix("/user");
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(signIn);
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(properties.maxFrameBytes());
	}

	/** Lets whole frames up to the transport limit through Tomcat (its default text buffer is only 8 KiB). */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(properties.maxFrameBytes());
		container.setMaxBinaryMessageBufferSize(properties.maxFrameBytes());
		return container;
	}
}
