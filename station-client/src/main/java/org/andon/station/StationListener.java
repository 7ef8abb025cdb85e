package org.andon.station;

/**
 * What a station hears. Every method is called on the client's own thread, in order; keep them quick. Pushes the
 * station missed while offline are delivered after it reconnects, in their original order.
 */
public interface StationListener {

	/** A stop upstream halts this station. */
	default void onHalt(Stop stop, StationPush push) {
	}

	/** A stop that held this station ended. */
	default void onResume(long stopId, StationPush push) {
	}

	/** A customer station stopped: this station is starved of demand, nothing it passes is taken for now. */
	default void onCustomerStopped(Stop stop, StationPush push) {
	}

	default void onCustomerResumed(long stopId, StationPush push) {
	}

	/** A customer rejected a part this station passed; the part is back here with an open defect. */
	default void onPartRejected(String partSerial, String defectCode, String note, StationPush push) {
	}

	/** A supplier passed a part to this station; accept or reject it. */
	default void onPartIncoming(String partSerial, String from, StationPush push) {
	}

	/** The station's state changed (push is null when the change came from a snapshot). */
	default void onStateChanged(StationState from, StationState to, StationPush push) {
	}

	default void onConnectionChanged(Connection connection) {
	}

	/** The server's result for a command, also for commands recovered from the outbox after a restart. */
	default void onResult(Command command, CommandResult result) {
	}

	/** Something changed; a screen redraws from the status. */
	default void onStatus(StationStatus status) {
	}
}
