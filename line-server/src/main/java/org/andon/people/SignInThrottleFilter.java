package org.andon.people;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.andon.protocol.ErrorCode;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic's side of {@link SignInThrottle}: a login refused from this address is answered 429 with
 * {@code Retry-After} before its password is checked; Spring Security's authentication events say which sign-ins
 * failed and which succeeded.
 */
class SignInThrottleFilter extends OncePerRequestFilter {

	private final SignInThrottle throttle;
	private final JsonMapper json;
	private final BasicAuthenticationConverter basic = new BasicAuthenticationConverter();

	SignInThrottleFilter(SignInThrottle throttle, JsonMapper json) {
		this.throttle = throttle;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		UsernamePasswordAuthenticationToken given;
		try {
			given = basic.convert(request);
		}
		catch (RuntimeException unreadable) {
			given = null; // Spring Security's own filter answers a malformed header
		}
		Optional<SignInThrottle.Refusal> refused = given == null ? Optional.empty()
				: throttle.refusedFor(given.getName(), request.getRemoteAddr());
		if (refused.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(429);
		response.setHeader("Retry-After", Long.toString(refused.get().seconds()));
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), new HttpSecurityConfiguration.Refused(ErrorCode.TOO_MANY_SIGN_INS,
				refused.get().message(given.getName())));
	}

	/** Listens to Spring Security's authentication events for the REST API's sign-ins. */
	static final class Outcomes {

		private final SignInThrottle throttle;

		Outcomes(SignInThrottle throttle) {
			this.throttle = throttle;
		}

		@EventListener
		void failed(AuthenticationFailureBadCredentialsEvent event) {
			if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails web) {
				throttle.failed(event.getAuthentication().getName(), web.getRemoteAddress());
			}
		}

		@EventListener
		void succeeded(AuthenticationSuccessEvent event) {
			if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails web) {
				throttle.succeeded(event.getAuthentication().getName(), web.getRemoteAddress());
			}
		}
	}
}
