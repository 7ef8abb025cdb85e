package org.andon.station;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The server's one result for a command. {@code code} is the protocol's error code as text (kept as text so a newer
 * server's codes still read); {@code duplicate} is true when the server had already handled this commandId and
 * sent its original result again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommandResult(String commandId, String status, Long seq, String code, String message,
		boolean duplicate) {

	public static final String ACCEPTED = "ACCEPTED";
	public static final String REJECTED = "REJECTED";

	public boolean accepted() {
		return ACCEPTED.equals(status);
	}

	/** The server wrote nothing and asks for the same command again (it failed, or this link sent too many). */
	boolean retryable() {
		return REJECTED.equals(status) && ("INTERNAL_ERROR".equals(code) || "RATE_LIMITED".equals(code));
	}
}
