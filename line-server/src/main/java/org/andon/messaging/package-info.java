/**
 * The STOMP-over-WebSocket edge at {@code /ws}: sign-in in the CONNECT frame, commands in and one result out per
 * command, pushes to stations and line topics after every durable commit, and catch-up after a reconnect. Transport
 * at the edge: it depends on the features it carries, none of them on it; of paging it may use only the live push
 * channel it implements.
 */
@ApplicationModule(allowedDependencies = { "command", "handoff", "line", "log", "people", "protocol", "stop",
		"paging::live-push" })
package org.andon.messaging;

import org.springframework.modulith.ApplicationModule;
