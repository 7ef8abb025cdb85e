/**
 * The optional MQTT bridge (off unless {@code andon.mqtt.enabled=true}): andon cords and push buttons wired to PLCs
 * and IoT gateways publish presses that enter the same command path as STOMP commands, and each station's state goes
 * back out, retained, as a stack-light colour and blink pattern. Devices are registered per station in their own
 * file and sign every press; topics, payloads and errors are in docs/protocol.md.
 */
package org.andon.mqtt;
