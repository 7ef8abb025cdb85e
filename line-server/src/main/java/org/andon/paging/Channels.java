package org.andon.paging;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;

import org.andon.line.Person;
import org.andon.line.Topology;
import org.andon.line.Webhook;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Delivers one page on its channel; returns null when delivered, or why not. Never throws. */
@Component
class Channels {

	/**
	 * How a failure begins when the receiver refused the page for good (a 4xx other than 408, 425 and 429: a bad
	 * body, a wrong secret, an endpoint that is gone): sending it again cannot succeed, so it is not retried.
	 */
	static final String REFUSED = "refused by the receiver, not retried: ";

	static final String SIGNATURE_HEADER = "X-Andon-Signature";
	static final String PAGE_ID_HEADER = "X-Andon-Page-Id";

	private final Topology topology;
	private final JsonMapper json;
	private final PagingProperties properties;
	private final ObjectProvider<JavaMailSender> mail;
	private final LivePush livePush;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	Channels(Topology topology, JsonMapper json, PagingProperties properties, ObjectProvider<JavaMailSender> mail,
			LivePush livePush) {
		this.topology = topology;
		this.json = json;
		this.properties = properties;
		this.mail = mail;
		this.livePush = livePush;
	}

	String deliver(Page page) {
		try {
			return switch (page.channel()) {
				case "PUSH" -> push(page);
				case "EMAIL" -> email(page);
				case "WEBHOOK" -> webhook(page);
				default -> "unknown channel " + page.channel();
			};
		}
		catch (Exception ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	private String push(Page page) {
		// in cluster mode the page goes to every node: no node can tell for sure whether the person has a session
		// on another one, so the email and webhook channels carry the confirmation
		return livePush.push(page.recipient(), json.readTree(page.body())) ? null
				: page.recipient() + " has no open session";
	}

	private String email(Page page) {
		JavaMailSender sender = mail.getIfAvailable();
		if (sender == null) {
			return "no SMTP server configured (set spring.mail.host)";
		}
		Person person = topology.person(page.recipient()).orElse(null);
		if (person == null || person.email() == null) {
			return page.recipient() + " has no email address in the topology file";
		}
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(properties.mailFrom());
		message.setTo(person.email());
		message.setSubject(page.subject());
		message.setText(page.body());
		sender.send(message);
		return null;
	}

	private String webhook(Page page) throws Exception {
		Webhook hook = topology.webhooks().get(page.recipient());
		if (hook == null) {
			return "webhook " + page.recipient() + " is no longer in the topology file";
		}
		HttpRequest request = HttpRequest.newBuilder(hook.url()).timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header(SIGNATURE_HEADER, "sha256=" + sign(hook.secret(), page.body()))
			.header(PAGE_ID_HEADER, page.pageKey())
			.POST(HttpRequest.BodyPublishers.ofString(page.body(), StandardCharsets.UTF_8)).build();
		HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return null;
		}
		boolean worthRetrying = status >= 500 || status == 408 || status == 425 || status == 429 || status < 400;
		return (worthRetrying ? "" : REFUSED) + "HTTP " + status;
	}

	/** HMAC-SHA256 of the body with the endpoint's secret, in hex: what receivers recompute to trust a page. */
	static String sign(String secret, String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
	}
}
