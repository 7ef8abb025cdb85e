package org.andon.station.link;

/** What a link reports; called on the transport's threads, so implementations hand the work to their scheduler. */
public interface LinkHandler {

	/** A message on one of the station's queues ({@code /user/queue/results}, {@code .../station}, {@code .../sync}). */
	void onMessage(String destination, byte[] body);

	/** The session ended: the server went away, the network broke, or the server sent an ERROR frame. */
	void onClosed(String why);
}
