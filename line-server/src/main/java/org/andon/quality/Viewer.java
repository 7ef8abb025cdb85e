package org.andon.quality;

import java.util.List;

/**
 * Who is signed in to the web pages, so each page shows only what the role may do (the server enforces it anyway),
 * and the plant's time zone for showing times. {@code teams}: the teams the person answers calls for (a person may
 * have teams and no role).
 */
public record Viewer(String username, String name, List<String> roles, String plant, String zone,
		List<LineRef> lines, List<String> teams) {

	/** A line the viewer can open. */
	public record LineRef(String id, String name) {
	}
}
