package org.andon.ops.sim;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A simulated shop floor as the run drives it: connect, one tick per event, count everything in the phase entered
 * last, drain at the end. {@link Floor} runs every station through the station client library; {@link LightFloor}
 * speaks the protocol directly with many stations on a few threads, so the simulator costs the shared cores less.
 */
interface SimFloor extends AutoCloseable {

	/** Connects every station, then the lead and the boards; {@code clientThreads} as the mode defines it. */
	void connect(int clientThreads, Duration timeout, BooleanSupplier serverAlive) throws Exception;

	int readyStations();

	int sessions();

	/** From now on commands, stops and answers are counted in {@code next}. */
	void enter(Phase next);

	/** One event: a stop (with the stop probability, where a line has none open) or one hand-off. */
	void tick(SplittableRandom random);

	/** Commands sent and not yet answered. */
	long inFlight();

	/** Waits up to {@code limit} for commands still unanswered and HALTs still expected; true if none are left. */
	boolean drain(Duration limit) throws InterruptedException;

	@Override
	void close();
}
