package org.andon.quality;

import java.util.List;

/**
 * Who is signed in to the web pages, so each page shows only what the role may do (the server enforces it anyway),
 * and the plant's time zone for showing times.
 */
public record Viewer(String username, String name, List<String> roles, String plant, String zone,
		List<LineRef> lines) {

	/** A line the viewer can open. */
	public record LineRef(String id, String name) {
	}
}
