package org.andon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain HTTP calls to the line server's API as a person of the demo plant (password demo). */
final class Http {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private Http() {
	}

	static JsonNode get(int port, String user, String path) throws Exception {
		HttpResponse<String> r = CLIENT.send(request(port, user, path).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		return StationSession.JSON.readTree(r.body());
	}

	static JsonNode post(int port, String user, String path, String json, UUID idempotencyKey, int expectedStatus)
			throws Exception {
		HttpRequest.Builder b = request(port, user, path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (idempotencyKey != null) {
			b.header("Idempotency-Key", idempotencyKey.toString());
		}
		HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
		return r.body().isEmpty() ? null : StationSession.JSON.readTree(r.body());
	}

	static String text(int port, String path) throws Exception {
		return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

	private static HttpRequest.Builder request(int port, String user, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization",
				"Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
	}
}
