package org.andon.station;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

import org.andon.station.link.Link;
import org.andon.station.link.LinkFactory;
import org.andon.station.link.LinkHandler;

/**
 * A server (or several nodes of one) the test plays by hand: it decides whether each connection attempt works, and
 * what comes back.
 */
final class FakeLinks implements LinkFactory {

	final List<CompletableFuture<Link>> attempts = new ArrayList<>();
	/** The server each attempt went to, in order. */
	final List<URI> tried = new ArrayList<>();
	/** Nodes that refuse connections whatever {@link #up} says (a killed node). */
	final Set<URI> down = new HashSet<>();
	/** Nodes whose attempts never complete (a host that does not answer at all). */
	final Set<URI> silent = new HashSet<>();
	final List<FakeLink> links = new ArrayList<>();
	boolean up;
	String refuse;
	/** Messages the server sends before the client has the link in hand (they overtake the hand-over). */
	final List<String[]> early = new ArrayList<>();

	@Override
	public CompletableFuture<Link> open(URI server, String login, String passcode, LinkHandler handler) {
		CompletableFuture<Link> f = new CompletableFuture<>();
		attempts.add(f);
		tried.add(server);
		if (silent.contains(server)) {
			return f;
		}
		if (refuse != null) {
			f.completeExceptionally(new SignInRefused(refuse));
		}
		else if (up && !down.contains(server)) {
			FakeLink link = new FakeLink(server, handler);
			links.add(link);
			early.forEach(m -> link.deliver(m[0], m[1]));
			early.clear();
			f.complete(link);
		}
		else {
			f.completeExceptionally(new java.net.ConnectException("Connection refused"));
		}
		return f;
	}

	FakeLink current() {
		return links.get(links.size() - 1);
	}

	/** One connection: what the client sent on it, and a way to answer. */
	static final class FakeLink implements Link {

		final URI server;
		final LinkHandler handler;
		final List<String> sent = new ArrayList<>();
		boolean closed;

		FakeLink(URI server, LinkHandler handler) {
			this.server = server;
			this.handler = handler;
		}

		@Override
		public void send(String destination, byte[] body) {
			if (closed) {
				throw new IllegalStateException("closed");
			}
			sent.add(destination + " " + new String(body, StandardCharsets.UTF_8));
		}

		@Override
		public void close() {
			closed = true;
		}

		List<JsonNode> commands() {
			return sent.stream().filter(s -> s.startsWith("/app/commands ")).map(s -> StationClient.JSON
				.readTree(s.substring("/app/commands ".length()))).toList();
		}

		List<JsonNode> syncs() {
			return sent.stream().filter(s -> s.startsWith("/app/sync ")).map(s -> StationClient.JSON
				.readTree(s.substring("/app/sync ".length()))).toList();
		}

		void answer(String commandId, long seq) {
			deliver("/user/queue/results", "{\"commandId\":\"" + commandId + "\",\"status\":\"ACCEPTED\",\"seq\":" + seq
					+ ",\"duplicate\":false}");
		}

		void deliver(String destination, String json) {
			handler.onMessage(destination, json.getBytes(StandardCharsets.UTF_8));
		}

		void drop() {
			handler.onClosed("connection lost: test pulled the cable");
		}
	}
}
