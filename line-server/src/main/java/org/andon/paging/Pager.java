package org.andon.paging;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.andon.line.Person;
import org.andon.line.Topology;
import org.andon.line.Webhook;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts pages in the outbox, inside the caller's transaction (the escalation step that causes them), so a page is
 * queued if and only if the step is committed. The dispatcher delivers them afterwards.
 */
@Service
public class Pager {

	private final PageRepository pages;
	private final Topology topology;
	private final JsonMapper json;
	private final PagingProperties properties;

	Pager(PageRepository pages, Topology topology, JsonMapper json, PagingProperties properties) {
		this.pages = pages;
		this.topology = topology;
		this.json = json;
		this.properties = properties;
	}

	/** Where a person opens an incident (in pages and emails). */
	public String linkTo(long incidentId) {
		return properties.publicUrl() + "/api/incidents/" + incidentId;
	}

	/**
	 * Queues a TRIGGER page for every person on every person channel ({@code push}, {@code email}) and one for
	 * every {@code webhook:ID} channel. {@code stepKey} makes page ids stable: the same step never pages twice.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void trigger(Notice notice, String stepKey, List<String> channels, List<Person> people, Instant now) {
		for (String channel : channels) {
			if (channel.startsWith("webhook:")) {
				Webhook hook = topology.webhooks().get(channel.substring(8));
				String key = stepKey + "/webhook/" + hook.id();
				save(key, notice, "WEBHOOK", hook.id(), null, PayloadFormats.webhook(json, hook, key, notice), now);
				continue;
			}
			for (Person p : people) {
				String key = stepKey + "/" + channel + "/" + p.username();
				if (channel.equals("push")) {
					save(key, notice, "PUSH", p.username(), null, PayloadFormats.generic(json, key, notice), now);
				}
				else if (channel.equals("email")) {
					save(key, notice, "EMAIL", p.username(), notice.summary(), PayloadFormats.email(notice), now);
				}
			}
		}
	}

	/** Tells every webhook that was triggered for this incident that it was acknowledged or resolved. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void update(Notice notice, String stepKey, Instant now) {
		for (String id : pages.webhooksTriggered(notice.incidentId())) {
			Webhook hook = topology.webhooks().get(id);
			if (hook != null) {
				String key = stepKey + "/webhook/" + id;
				save(key, notice, "WEBHOOK", id, null, PayloadFormats.webhook(json, hook, key, notice), now);
			}
		}
	}

	private void save(String key, Notice notice, String channel, String recipient, String subject, String body,
			Instant now) {
		if (!pages.existsByPageKey(key)) {
			pages.save(new Page(key, notice.incidentId(), notice.event(), channel, recipient, subject, body, now));
		}
	}
}
