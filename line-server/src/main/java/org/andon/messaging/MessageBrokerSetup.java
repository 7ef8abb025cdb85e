package org.andon.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.simp.user.UserDestinationResolver;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;

/**
 * Spring's STOMP broker configuration (what {@code @EnableWebSocketMessageBroker} imports, configured by
 * {@link WebSocketConfig}), with one change for cluster mode: a user message broadcast by another node is handed to
 * this node's sessions one message per session ({@link UserQueues#deliverHere}). Spring's own handling reuses one
 * message for all sessions of the user, which the order-preserving channels refuse from the second session on.
 */
@Configuration(proxyBeanMethods = false)
class MessageBrokerSetup extends DelegatingWebSocketMessageBrokerConfiguration {

	@Bean
	@Override
	public UserDestinationMessageHandler userDestinationMessageHandler(AbstractSubscribableChannel clientInboundChannel,
			AbstractSubscribableChannel clientOutboundChannel, AbstractSubscribableChannel brokerChannel,
			UserDestinationResolver userDestinationResolver) {
		UserDestinationMessageHandler spring = super.userDestinationMessageHandler(clientInboundChannel,
				clientOutboundChannel, brokerChannel, userDestinationResolver);
		UserDestinationMessageHandler handler = new ClusterUserDestinations(clientInboundChannel, brokerChannel,
				userDestinationResolver, getApplicationContext().getBean(UserQueues.class));
		if (spring.getBroadcastDestination() != null) {
			handler.setBroadcastDestination(spring.getBroadcastDestination());
		}
		handler.setHeaderInitializer(spring.getHeaderInitializer());
		return handler;
	}

	/** Delivers user messages broadcast by any node (this one included) to the sessions this node holds. */
	private static final class ClusterUserDestinations extends UserDestinationMessageHandler {

		private final UserQueues queues;

		ClusterUserDestinations(AbstractSubscribableChannel clientInboundChannel,
				AbstractSubscribableChannel brokerChannel, UserDestinationResolver resolver, UserQueues queues) {
			super(clientInboundChannel, brokerChannel, resolver);
			this.queues = queues;
		}

		@Override
		public void handleMessage(Message<?> message) {
			SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(message);
			String original = headers.getFirstNativeHeader(SimpMessageHeaderAccessor.ORIGINAL_DESTINATION);
			// a broadcast coming back from the broker carries the relay's session id; on its way out it has none
			if (getBroadcastDestination() != null && getBroadcastDestination().equals(headers.getDestination())
					&& headers.getSessionId() != null && original != null && original.startsWith("/user/")) {
				int slash = original.indexOf('/', "/user/".length());
				if (slash > 0) {
					queues.deliverHere(original.substring("/user/".length(), slash), original.substring(slash),
							message.getPayload(), headers.getFirstNativeHeader("content-type"));
					return;
				}
			}
			super.handleMessage(message);
		}
	}
}
