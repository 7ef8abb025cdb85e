/**
 * The line simulator: a plant of simulated stations driven over the real protocol, through the station client
 * library ({@link org.andon.ops.sim.Floor}) or, lighter on the shared cores, speaking it directly with many stations
 * on a few threads ({@link org.andon.ops.sim.LightFloor}); a lead who resumes the stops and boards that follow the
 * lines; and a raw-WebSocket baseline that measures the floor of the same machine, so every latency the line server
 * shows can be read as a ratio to that floor. {@link org.andon.ops.sim.Simulate} is the command line
 * ({@code ops/bin/simulate}).
 */
package org.andon.ops.sim;
