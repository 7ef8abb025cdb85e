package org.andon.people;

import java.util.ArrayList;
import java.util.List;

import org.andon.line.Topology;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

/**
 * REST API: HTTP Basic with the people of the topology file; reads need LEAD, SUPERVISOR, QUALITY or ADMIN.
 * The WebSocket endpoint is open at the HTTP level because stations and people sign in with the STOMP CONNECT frame.
 * Health and the Prometheus scrape are open to the plant network, as scrapers expect. The web pages and their
 * scripts are static and hold no data, so they are open too: the pages sign in from JavaScript (HTTP Basic on each
 * API call, STOMP CONNECT on the socket). No cookie ever carries a credential, which is why CSRF protection stays off.
 */
@Configuration(proxyBeanMethods = false)
class HttpSecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(auth -> auth
			.requestMatchers("/ws", "/ws/**").permitAll()
			.requestMatchers("/", "/index.html", "/board.html", "/station.html", "/quality.html", "/favicon.svg",
					"/favicon.ico", "/css/**", "/js/**", "/i18n/**", "/webjars/**")
			.permitAll()
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
			.permitAll()
			.requestMatchers("/api/**").hasAnyRole("LEAD", "SUPERVISOR", "QUALITY", "ADMIN")
			.anyRequest().denyAll())
			.httpBasic(Customizer.withDefaults())
			// The pages load nothing but their own scripts and styles: no inline script, no CDN, no framing.
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; "
					+ "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
					+ "form-action 'self'")))
			.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean
	UserDetailsService people(Topology topology) {
		return username -> topology.person(username).map(p -> {
			List<String> roles = new ArrayList<>();
			p.roles().forEach(r -> roles.add(r.name()));
			UserDetails user = User.withUsername(p.username()).password(p.passwordHash())
				.roles(roles.toArray(String[]::new)).build();
			return user;
		}).orElseThrow(() -> new UsernameNotFoundException(username));
	}
}
