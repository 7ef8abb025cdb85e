package org.andon.station.it;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.andon.station.link.Link;
import org.andon.station.link.LinkHandler;
import org.andon.station.link.StompLinkFactory;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** The shift lead's side for tests: signs in as a person and resumes stops (stations cannot). */
final class LeadDesk implements AutoCloseable {

	private final StompLinkFactory links = new StompLinkFactory();
	private final BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
	private final Link link;

	LeadDesk(URI server) throws Exception {
		link = links.open(server, "lead", "demo", new LinkHandler() {
			@Override
			public void onMessage(String destination, byte[] body) {
				if (destination.endsWith("/results")) {
					results.add(LineServerProcess.JSON.readTree(body));
				}
			}

			@Override
			public void onClosed(String why) {
			}
		}).get(10, TimeUnit.SECONDS);
	}

	JsonNode resume(long stopId) throws InterruptedException {
		return send("\"type\":\"RESUME\",\"stopId\":" + stopId + ",\"note\":\"checked and fixed\"");
	}

	/** Contains an andon call in time: the station goes back to RUNNING and the line never stops. */
	JsonNode contain(long callId) throws InterruptedException {
		return send("\"type\":\"CONTAIN\",\"incidentId\":" + callId + ",\"note\":\"roller replaced\"");
	}

	private JsonNode send(String fields) throws InterruptedException {
		String id = UUID.randomUUID().toString();
		link.send("/app/commands", ("{\"commandId\":\"" + id + "\"," + fields + "}").getBytes(StandardCharsets.UTF_8));
		JsonNode r = results.poll(10, TimeUnit.SECONDS);
		assertThat(r).as("result of " + fields).isNotNull();
		assertThat(r.get("commandId").asString()).isEqualTo(id);
		return r;
	}

	@Override
	public void close() {
		link.close();
		links.close();
	}
}
