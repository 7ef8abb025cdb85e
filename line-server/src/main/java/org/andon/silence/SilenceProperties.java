package org.andon.silence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a silent station opens an incident.
 *
 * @param after how long a station may be without any live session during a shift before its incident opens (unset:
 * silent stations are not watched)
 * @param tick how often stations are looked at
 */
@ConfigurationProperties("andon.silence")
record SilenceProperties(Duration after, @DefaultValue("5s") Duration tick) {
}
