/**
 * The STOMP-over-WebSocket edge at {@code /ws}: sign-in in the CONNECT frame, commands in and one result out per
 * command, pushes to stations and line topics after every durable commit, and catch-up after a reconnect.
 */
package org.andon.messaging;
