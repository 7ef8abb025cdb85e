package org.andon.station;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The fan-out to a client's listeners: each hears every call, and one that fails does not stop the others. */
final class Listeners {

	private static final System.Logger LOG = System.getLogger(StationClient.class.getName());

	private final List<StationListener> listeners = new CopyOnWriteArrayList<>();

	void add(StationListener listener) {
		listeners.add(listener);
	}

	void each(Consumer<StationListener> call) {
		for (StationListener l : listeners) {
			try {
				call.accept(l);
			}
			catch (RuntimeException ex) {
				LOG.log(System.Logger.Level.WARNING, "a station listener failed", ex);
			}
		}
	}
}
