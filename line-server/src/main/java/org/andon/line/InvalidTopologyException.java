package org.andon.line;

/** The topology file cannot describe a real line; the message names the file and the problem. */
public class InvalidTopologyException extends IllegalStateException {

	public InvalidTopologyException(String source, String problem) {
		super("Invalid topology file " + source + ": " + problem);
	}
}
