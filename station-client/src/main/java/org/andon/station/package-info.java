/**
 * The station client library: a station signs in to the line server over STOMP, gives the worker's commands
 * (receive, accept, reject, report and clear defects, pass, stop) through a durable outbox so none is lost or
 * applied twice, and hears HALT, RESUME, customer stops and rejections, state changes and link changes through
 * {@link org.andon.station.StationListener}.
 */
package org.andon.station;
