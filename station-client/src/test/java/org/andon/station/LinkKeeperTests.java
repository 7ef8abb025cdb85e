package org.andon.station;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the terminal tells the worker when it cannot reach the server. */
class LinkKeeperTests {

	@Test
	void theDeepestCauseIsShownAndAFailedTlsHandshakeSaysWhatFixesIt() {
		assertThat(LinkKeeper.describe(new CompletionException(new IOException("Connection refused"))))
			.isEqualTo("Connection refused");
		SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
		assertThat(LinkKeeper.describe(new CompletionException(untrusted))).contains("not trusted here",
				"--trust-certificates");
		SSLHandshakeException otherName = new SSLHandshakeException(
				"No subject alternative names matching IP address 127.0.0.1 found");
		assertThat(LinkKeeper.describe(new CompletionException(otherName))).contains("for another name",
				"the name on the certificate").doesNotContain("--trust-certificates");
		// a server with server.ssl.client-auth=need: TLS 1.3 tells the client after its side of the handshake
		javax.net.ssl.SSLException noCertificate = new javax.net.ssl.SSLException(
				"Received fatal alert: certificate_required");
		assertThat(LinkKeeper.describe(new CompletionException(noCertificate))).contains("this station's own certificate",
				"--client-certificate FILE --client-key FILE").doesNotContain("--trust-certificates");
		// wss:// to a port that speaks plain HTTP is not about certificates at all
		javax.net.ssl.SSLException plain = new javax.net.ssl.SSLException("Unrecognized SSL message, plaintext "
				+ "connection?");
		assertThat(LinkKeeper.describe(new CompletionException(plain))).isEqualTo("Unrecognized SSL message, "
				+ "plaintext connection?");
	}
}
