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
	private final int floodAlarms;
	private final java.time.Duration floodWindow;

	Pager(PageRepository pages, Topology topology, JsonMapper json, PagingProperties properties,
			@org.springframework.beans.factory.annotation.Value("${andon.alarms.flood-alarms:10}") int floodAlarms,
			@org.springframework.beans.factory.annotation.Value("${andon.alarms.flood-window:10m}")
			java.time.Duration floodWindow) {
		this.floodAlarms = floodAlarms;
		this.floodWindow = floodWindow;
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
				if (inFlood(notice, p, now)) {
					bundle(key, notice, channel, p, now);
					continue;
				}
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

	/**
	 * Whether a person is in an alarm flood: more than {@code andon.alarms.flood-alarms} alarms paged them within
	 * {@code andon.alarms.flood-window}, this one included. Stops are never bundled: each one pages on its own.
	 */
	private boolean inFlood(Notice notice, Person p, Instant now) {
		if ("STOP".equals(notice.kind()) || !"TRIGGER".equals(notice.event()) || floodAlarms <= 0) {
			return false;
		}
		return pages.alarmsBesides(p.username(), now.minus(floodWindow), notice.incidentId()) + 1 > floodAlarms;
	}

	/**
	 * During a flood a person gets one FLOOD page (per channel) saying so, instead of one page per alarm; every
	 * alarm is still recorded as a BUNDLED page, and the board lists them all.
	 */
	private void bundle(String key, Notice notice, String channel, Person p, Instant now) {
		if (pages.existsByPageKey(key)) {
			return;
		}
		pages.save(new Page(key, notice.incidentId(), notice.event(), channel.toUpperCase(java.util.Locale.ROOT),
				p.username(), notice.summary(), "{}", now).bundled());
		String floodKey = "flood/" + p.username() + "/" + channel + "/" + now.toEpochMilli();
		String on = channel.equals("email") ? "EMAIL" : "PUSH";
		if (!pages.existsByRecipientAndEventAndChannelAndCreatedAtAfter(p.username(), "FLOOD", on,
				now.minus(floodWindow))) {
			long alarms = pages.alarmsBesides(p.username(), now.minus(floodWindow), notice.incidentId()) + 1;
			Notice flood = new Notice("FLOOD", notice.incidentId(), notice.lineId(), notice.lineName(),
					notice.stationId(), notice.stationName(), notice.kind(), notice.reason(), notice.defectCode(),
					alarms + " alarms within " + floodWindow.toMinutes() + " minutes: further alarms are bundled until "
							+ "it calms down; see the board for each one",
					notice.openedAt(), notice.level(), notice.levelName(), notice.paged(), null, null, null,
					notice.link());
			if (channel.equals("email")) {
				save(floodKey, flood, "EMAIL", p.username(), flood.summary(), PayloadFormats.email(flood), now);
			}
			else {
				save(floodKey, flood, "PUSH", p.username(), flood.summary(), PayloadFormats.generic(json, floodKey, flood),
						now);
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
