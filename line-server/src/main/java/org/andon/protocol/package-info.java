/**
 * The public contract stations and integrators code against (documented in docs/protocol.md): command bodies, the
 * one result every command gets, the error codes, and the messages pushed to stations.
 */
package org.andon.protocol;
