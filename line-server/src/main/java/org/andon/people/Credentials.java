package org.andon.people;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.andon.command.Actor;
import org.andon.line.Person;
import org.andon.line.Station;
import org.andon.line.Topology;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a login and passcode: a station id with its token, or a username with its password. BCrypt is slow on
 * purpose, so a successful check is remembered by the hash it matched (never the secret itself) for reconnects.
 */
@Component
public class Credentials {

	private final Topology topology;
	private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
	private final ConcurrentMap<String, String> verified = new ConcurrentHashMap<>();

	Credentials(Topology topology) {
		this.topology = topology;
	}

	/** Whether this login is a station's id (a station signs in with its token, a person with a password). */
	public boolean isStation(String login) {
		return login != null && topology.station(login).isPresent();
	}

	public Optional<Actor> authenticate(String login, String passcode) {
		if (login == null || passcode == null) {
			return Optional.empty();
		}
		Optional<Station> station = topology.station(login);
		if (station.isPresent()) {
			return matches(station.get().tokenHash(), passcode)
					? Optional.of(Actor.station(login, station.get().lineId())) : Optional.empty();
		}
		Optional<Person> person = topology.person(login);
		if (person.isPresent() && matches(person.get().passwordHash(), passcode)) {
			return Optional.of(Actor.person(login, person.get().roles()));
		}
		return Optional.empty();
	}

	private boolean matches(String hash, String secret) {
		String key = hash + "\u0000" + sha256(secret);
		if (verified.containsKey(key)) {
			return true;
		}
		boolean ok = bcrypt.matches(secret, hash);
		if (ok) {
			verified.put(key, hash);
		}
		return ok;
	}

	private static String sha256(String s) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
				.digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
