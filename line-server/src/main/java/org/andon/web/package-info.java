/**
 * The read API for leads, supervisors and quality staff (JSON, paged): lines and station states, the hand-off log,
 * part traces, stops, the raw event log and its verification; incidents and calls, which team members read too, and
 * the acknowledge, contain and resolve commands over HTTP.
 */
package org.andon.web;
