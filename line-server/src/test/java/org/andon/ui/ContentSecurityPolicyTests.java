package org.andon.ui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pages' content security policy is sent with every page and enforced by a real Chromium: a script smuggled
 * into a page (a defect note or station name that got into the markup, say) does not run, the page cannot send
 * what it reads to another host, and no other site can frame the board to trick a lead into clicking. The pages
 * themselves need nothing the policy refuses ({@link UiServer#assertNoScriptErrors} in every page test).
 */
class ContentSecurityPolicyTests extends UiServer {

	private static final List<String> PAGES = List.of("/", "/index.html", "/station.html", "/board.html",
			"/quality.html");

	@Test
	void everyPageIsServedWithAPolicyThatAllowsOnlyItsOwnScriptsAndNoFraming() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String page : PAGES) {
			HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(page))).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(r.statusCode()).as(page).isEqualTo(200);
			String policy = r.headers().firstValue("Content-Security-Policy").orElse("");
			assertThat(policy).as(page).contains("default-src 'self'", "connect-src 'self'", "frame-ancestors 'none'",
					"base-uri 'self'");
			assertThat(policy).as(page + ": no inline scripts, no eval").doesNotContain("unsafe-inline", "unsafe-eval");
			assertThat(r.headers().firstValue("X-Content-Type-Options")).as(page).hasValue("nosniff");
		}
	}

	@Test
	void anInjectedInlineScriptDoesNotRunAndThePageCannotSendDataToAnotherHost() {
		browser.open(url("/board.html"), 1280, 800);
		signInPerson("lead");
		// every refusal is also a securitypolicyviolation event, naming the directive that refused it
		browser.js("window.refused = []; document.addEventListener('securitypolicyviolation',"
				+ " function (e) { window.refused.push(e.effectiveDirective); });");

		browser.js("var s = document.createElement('script'); s.textContent = 'window.injected = 1';"
				+ " document.body.appendChild(s);");
		browser.js("var i = document.createElement('img'); i.setAttribute('src', 'x');"
				+ " i.setAttribute('onerror', 'window.injected = 2'); document.body.appendChild(i);");
		// another host on this machine (a different origin from 127.0.0.1): refused before any request is made
		browser.js("window.leak = 'pending'; fetch('http://localhost:" + port + "/api/lines', {mode: 'no-cors'})"
				+ ".then(function () { window.leak = 'sent'; }, function () { window.leak = 'refused'; });");

		await().until(() -> ((List<?>) browser.js("return window.refused")).size() >= 3
				&& !"pending".equals(browser.js("return window.leak")));
		assertThat(browser.js("return window.leak")).as("a fetch to another origin").isEqualTo("refused");
		assertThat(browser.js("return window.injected === undefined ? null : window.injected"))
			.as("neither the inline script nor the inline handler ran").isNull();
		assertThat(((List<?>) browser.js("return window.refused")).stream().map(String::valueOf).toList())
			.as("the inline script, the inline handler and the connection, each by its directive")
			.contains("script-src-elem", "script-src-attr", "connect-src");
	}
}
