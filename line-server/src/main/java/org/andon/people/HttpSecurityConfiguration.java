package org.andon.people;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.andon.line.Person;
import org.andon.line.Topology;
import org.andon.protocol.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * REST API: HTTP Basic with the people of the topology file. Reads need LEAD, SUPERVISOR, QUALITY or ADMIN, except
 * what a responder needs: a person in a team (for example a maintenance technician with no role) may read lines,
 * incidents and the call summary, and acknowledge or contain incidents; the commands themselves decide whose call
 * that is. Refusals come as {@code {code, message}} like every other API error.
 * The WebSocket endpoint is open at the HTTP level because stations and people sign in with the STOMP CONNECT frame.
 * Health and the Prometheus scrape are open to the plant network, as scrapers expect. The web pages and their
 * scripts are static and hold no data, so they are open too: the pages sign in from JavaScript (HTTP Basic on each
 * API call, STOMP CONNECT on the socket). No cookie ever carries a credential, which is why CSRF protection stays off.
 */
@Configuration(proxyBeanMethods = false)
class HttpSecurityConfiguration {

	/** The Spring Security role of a person in at least one team; not a role of the topology file. */
	static final String RESPONDER = "RESPONDER";

	private static final String[] STAFF = { "LEAD", "SUPERVISOR", "QUALITY", "ADMIN" };

	private static final String[] STAFF_OR_RESPONDER = { "LEAD", "SUPERVISOR", "QUALITY", "ADMIN", RESPONDER };

	@Bean
	SecurityFilterChain api(HttpSecurity http, JsonMapper json, SignInThrottle throttle) throws Exception {
		http.addFilterBefore(new SignInThrottleFilter(throttle, json), BasicAuthenticationFilter.class);
		http.authorizeHttpRequests(auth -> auth
			.requestMatchers("/ws", "/ws/**").permitAll()
			.requestMatchers("/", "/index.html", "/board.html", "/station.html", "/quality.html", "/favicon.svg",
					"/favicon.ico", "/css/**", "/js/**", "/i18n/**", "/webjars/**")
			.permitAll()
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/lines", "/api/lines/*", "/api/incidents", "/api/incidents/*",
					"/api/calls/summary", "/api/quality/me")
			.hasAnyRole(STAFF_OR_RESPONDER)
			.requestMatchers(HttpMethod.POST, "/api/incidents/*/acknowledge", "/api/incidents/*/contain")
			.hasAnyRole(STAFF_OR_RESPONDER)
			.requestMatchers("/api/**").hasAnyRole(STAFF)
			.anyRequest().denyAll())
			.httpBasic(Customizer.withDefaults())
			.exceptionHandling(e -> e.accessDeniedHandler(refusal(json)))
			// The pages load nothing but their own scripts and styles: no inline script, no CDN, no framing.
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; "
					+ "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
					+ "form-action 'self'")))
			.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	/** A 403 that says who was refused what, and what it needs, in the API's error shape. */
	private static AccessDeniedHandler refusal(JsonMapper json) {
		return (request, response, denied) -> {
			String who = request.getUserPrincipal() == null ? "this sign-in" : request.getUserPrincipal().getName();
			String what = request.getMethod() + " " + request.getRequestURI();
			String message = request.getRequestURI().startsWith("/api/")
					? who + " may not use " + what + ": it needs one of the roles LEAD, SUPERVISOR, QUALITY or ADMIN"
							+ " (a person with only a team may read lines, incidents and the call summary, and"
							+ " acknowledge or contain the calls routed to their team)"
					: who + " may not use " + what;
			response.setStatus(403);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			json.writeValue(response.getOutputStream(), new Refused(ErrorCode.FORBIDDEN, message));
		};
	}

	/** The body of a 403, in the shape of every other API error. */
	record Refused(ErrorCode code, String message) {
	}

	@Bean
	SignInThrottleFilter.Outcomes signInOutcomes(SignInThrottle throttle) {
		return new SignInThrottleFilter.Outcomes(throttle);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean
	UserDetailsService people(Topology topology) {
		return username -> topology.person(username).map(HttpSecurityConfiguration::user)
			.orElseThrow(() -> new UsernameNotFoundException(username));
	}

	/**
	 * The person's roles, plus RESPONDER for anyone in a team. Without it a technician whose only entry is
	 * {@code teams: [maintenance]} had no authority at all, so every API call was refused with 403.
	 */
	static UserDetails user(Person p) {
		List<String> roles = new ArrayList<>();
		p.roles().forEach(r -> roles.add(r.name()));
		if (!p.teams().isEmpty()) {
			roles.add(RESPONDER);
		}
		return User.withUsername(p.username()).password(p.passwordHash()).roles(roles.toArray(String[]::new)).build();
	}
}
