/**
 * The line simulator: a plant of simulated stations driven through the station client library over the real
 * protocol, a lead who resumes the stops and boards that follow the lines, and a raw-WebSocket baseline that measures
 * the floor of the same machine, so every latency the line server shows can be read as a ratio to that floor.
 * {@link org.andon.ops.sim.Simulate} is the command line ({@code ops/bin/simulate}).
 */
package org.andon.ops.sim;
