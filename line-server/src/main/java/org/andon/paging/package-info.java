/**
 * Paging: a transactional outbox of pages (live push, email, signed webhooks in generic, Slack and PagerDuty
 * formats), written with the escalation step that caused them and delivered at least once by a dispatcher that
 * retries with exponential backoff, records every attempt, and gives up visibly. A feature, not a transport: it
 * knows only the topology; the live push is a channel it defines ({@link org.andon.paging.LivePush}, the named
 * interface {@code live-push}) and the STOMP edge implements.
 */
@ApplicationModule(allowedDependencies = "line")
package org.andon.paging;

import org.springframework.modulith.ApplicationModule;
