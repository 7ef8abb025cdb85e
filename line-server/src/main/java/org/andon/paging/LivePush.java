package org.andon.paging;

import tools.jackson.databind.JsonNode;

import org.springframework.modulith.NamedInterface;

/**
 * The live push channel of paging, the one part of it a transport offers: hands a page to the open sessions of a
 * person. Paging defines it and the STOMP edge implements it, so paging never depends on the transport.
 */
@NamedInterface("live-push")
public interface LivePush {

	/**
	 * Hands {@code page} to {@code username}'s open sessions on {@code /user/queue/pages}; false when there was none
	 * to hand it to. In cluster mode it goes to every node for the sessions each one holds, so it always answers
	 * true there (no node can tell for sure whether the person has a session on another one).
	 */
	boolean push(String username, JsonNode page);
}
