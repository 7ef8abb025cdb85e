package org.andon.paging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.andon.line.Webhook;

/** The bodies pages are sent in: the generic JSON, a Slack incoming-webhook body, a PagerDuty Events API v2 body. */
final class PayloadFormats {

	private PayloadFormats() {
	}

	static String generic(JsonMapper json, String pageKey, Notice n) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("pageId", pageKey);
		body.put("event", n.event());
		body.put("summary", n.summary());
		body.put("incident", n);
		return json.writeValueAsString(body);
	}

	static String webhook(JsonMapper json, Webhook hook, String pageKey, Notice n) {
		return switch (hook.format()) {
			case "slack" -> json.writeValueAsString(Map.of("text", n.summary() + " <" + n.link() + "|incident "
					+ n.incidentId() + ">"));
			case "pagerduty" -> json.writeValueAsString(pagerDuty(hook, n));
			default -> generic(json, pageKey, n);
		};
	}

	/** Events API v2: trigger, acknowledge, resolve; dedup_key is the incident id so all three meet. */
	private static Map<String, Object> pagerDuty(Webhook hook, Notice n) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("routing_key", hook.routingKey());
		body.put("event_action", n.event().toLowerCase());
		body.put("dedup_key", String.valueOf(n.incidentId()));
		if ("TRIGGER".equals(n.event())) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("summary", n.summary());
			payload.put("source", "andon/" + n.lineId() + "/" + n.stationId());
			payload.put("severity", "SAFETY".equals(n.reason()) ? "critical" : "error");
			payload.put("timestamp", n.openedAt().toString());
			payload.put("component", n.stationId());
			payload.put("group", n.lineId());
			payload.put("class", n.reason());
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("level", n.level());
			details.put("levelName", n.levelName());
			details.put("paged", n.paged());
			details.put("note", n.note());
			details.put("defectCode", n.defectCode());
			payload.put("custom_details", details);
			body.put("payload", payload);
			body.put("client", "Andon line server");
			body.put("client_url", n.link());
			body.put("links", List.of(Map.of("href", n.link(), "text", "Incident " + n.incidentId())));
		}
		return body;
	}

	static String email(Notice n) {
		return String.join("\n", n.summary(), "", "Line:     " + n.lineName() + " (" + n.lineId() + ")",
				"Station:  " + n.stationName() + " (" + n.stationId() + ")", "Reason:   " + n.reason()
						+ (n.defectCode() == null ? "" : " / " + n.defectCode()),
				"Note:     " + (n.note() == null ? "-" : n.note()), "Since:    " + n.openedAt(),
				"Level:    " + n.level() + " (" + n.levelName() + "), paged: " + String.join(", ", n.paged()),
				"", "Acknowledge when you are on your way: " + n.link(), "",
				"An andon call is a production and quality signal, not an emergency stop.");
	}
}
