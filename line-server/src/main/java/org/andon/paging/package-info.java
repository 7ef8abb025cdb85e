/**
 * Paging: a transactional outbox of pages (live push, email, signed webhooks in generic, Slack and PagerDuty
 * formats), written with the escalation step that caused them and delivered at least once by a dispatcher that
 * retries with exponential backoff, records every attempt, and gives up visibly.
 */
package org.andon.paging;
