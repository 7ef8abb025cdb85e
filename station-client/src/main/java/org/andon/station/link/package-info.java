/**
 * The link to the line server: opening a signed-in STOMP session, the scheduler all client work runs on, and the
 * backoff used between reconnect attempts. Tests replace the link and the scheduler to run without a network or
 * sleeps.
 */
package org.andon.station.link;
