/**
 * The read API for leads, supervisors and quality staff (JSON, paged): lines and station states, the hand-off log,
 * part traces, stops, the raw event log and its verification.
 */
package org.andon.web;
