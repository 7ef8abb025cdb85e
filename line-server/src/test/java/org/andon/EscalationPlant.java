package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;

/** A small plant for escalation tests, with webhooks pointing at the test's own receiver. */
final class EscalationPlant {

	static final String DEMO = "$2a$10$GjZPj6EmCp5VUfCZtu732eHBTD1A1bo3gH9pPCP9XbqHzuAd1ko4S";

	private EscalationPlant() {
	}

	static Path write(Path dir, int receiverPort) throws Exception {
		String hook = "http://127.0.0.1:" + receiverPort;
		String yaml = """
				plant: { name: Escalation test plant, zone: Europe/Berlin }
				stations:
				  - { id: FRAME, name: Frame loading, token: '$2a$10$6iz9a3ACotoRIw3lhvbt5uKd24wxonn7Gsn/LmnHDh42dF65Pdho.' }
				  - { id: WELD,  name: Welding,       token: '$2a$10$RDQBptbdUz8UVcfQ0sznKeTA7/PnjdwkINC9DeNB7FrCjisrivtWG' }
				  - { id: PAINT, name: Paint,         token: '$2a$10$MmI5.A.9g62AY.B72S8XG.PMdOiT4/UfuskuFkXOjxRLlFdDr4jAm' }
				webhooks:
				  - { id: generic,   url: "HOOK/generic",   format: generic,   secret: "receiver-secret-0123456789" }
				  - { id: chat,      url: "HOOK/slack",     format: slack,     secret: "receiver-secret-0123456789" }
				  - { id: on-call,   url: "HOOK/pagerduty", format: pagerduty, secret: "receiver-secret-0123456789",
				      routingKey: "R0UTINGKEY0123456789ABCDEFGHIJKL" }
				lines:
				  - id: FA1
				    name: Final assembly line 1
				    stations: [FRAME, WELD, PAINT]
				    edges: [ { from: FRAME, to: WELD }, { from: WELD, to: PAINT } ]
				    defectCodes: [ { code: SCRATCH, description: Scratch } ]
				    escalation:
				      - { level: shift lead, page: [role:LEAD], waitMinutes: 2,
				          channels: [push, email, webhook:generic, webhook:chat, webhook:on-call] }
				      - { level: supervisor, page: [role:SUPERVISOR], channels: [push, email], waitMinutes: 5 }
				      - { level: plant manager, page: [user:admin], channels: [email], waitMinutes: 5 }
				    repeatedRejects: { count: 3, withinMinutes: 10 }
				    roster:
				      - { shift: early, from: "06:00", to: "14:00", lead: lead, supervisor: supervisor }
				      - { shift: late,  from: "14:00", to: "22:00", lead: lead, supervisor: supervisor }
				      - { shift: night, from: "22:00", to: "06:00", lead: nightlead, supervisor: supervisor }
				users:
				  - { username: lead,       email: lead@plant.example,       password: 'DEMO', roles: [LEAD] }
				  - { username: nightlead,  email: night@plant.example,      password: 'DEMO', roles: [LEAD] }
				  - { username: supervisor, email: supervisor@plant.example, password: 'DEMO', roles: [SUPERVISOR] }
				  - { username: quality,    email: quality@plant.example,    password: 'DEMO', roles: [QUALITY] }
				  - { username: admin,      email: manager@plant.example,    password: 'DEMO', roles: [ADMIN] }
				""".replace("HOOK", hook).replace("DEMO", DEMO);
		Path file = dir.resolve("escalation-plant.yml");
		Files.writeString(file, yaml);
		return file;
	}
}
