package org.andon.messaging;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.messaging.simp.broker.DefaultSubscriptionRegistry;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

/**
 * Sizes the in-memory broker's destination cache for a plant, not for a demo. Every session has its own queues
 * (results, station pushes, sync replies), so 2,000 stations mean some 6,000 destinations; past Spring's default of
 * 1,024 cached ones, each message to a session (an idle station's probe reply, a HALT) missed the cache and the
 * broker scanned every subscription of every session for it: a third of a core for 2,000 idle stations.
 */
final class BrokerCache implements BeanPostProcessor {

	/** Room for about 10,000 sessions' queues. */
	static final int DESTINATIONS = 32_768;

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof SimpleBrokerMessageHandler broker
				&& broker.getSubscriptionRegistry() instanceof DefaultSubscriptionRegistry registry) {
			registry.setCacheLimit(DESTINATIONS);
		}
		return bean;
	}
}
