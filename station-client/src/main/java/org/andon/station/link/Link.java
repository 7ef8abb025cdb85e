package org.andon.station.link;

/** One open, signed-in STOMP session to the line server, subscribed to the station's three queues. */
public interface Link {

	/** Sends a JSON body to an application destination ({@code /app/commands}, {@code /app/sync}). */
	void send(String destination, byte[] body);

	/** Closes the session; the handler hears nothing more from it. */
	void close();
}
