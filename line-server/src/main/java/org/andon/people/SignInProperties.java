package org.andon.people;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sign-in guessing is slowed down ({@link SignInThrottle}).
 *
 * @param maxFailures failed sign-ins in a row for one login from one address before it is refused from there
 * @param lockout how long it is refused then
 * @param maxFailuresPerLogin failed sign-ins for one login from all addresses together, each within {@code lockout}
 * of the one before, before the login is refused from every address it has not signed in from (a guesser spread over
 * many addresses); until {@code lockout} has passed since the last failure. 0: no such limit
 * @param stationCertificates a station signs in only over TLS with a client certificate of its own: the certificate's
 * common name (CN) is the station id (mutual TLS: {@code server.ssl.client-auth=want} or {@code need} and a trust
 * store in the SSL bundle). People sign in with their passwords as before
 */
@ConfigurationProperties("andon.sign-in")
public record SignInProperties(@DefaultValue("5") int maxFailures, @DefaultValue("1m") Duration lockout,
		@DefaultValue("50") int maxFailuresPerLogin, @DefaultValue("false") boolean stationCertificates) {
}
