package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;

/** A small plant for andon-call tests: teams with their own chains and webhooks at the test's receiver. */
final class CallPlant {

	static final String SECRET = "receiver-secret-0123456789";

	private CallPlant() {
	}

	static Path write(Path dir, int receiverPort) throws Exception {
		String yaml = """
				plant: { name: Call test plant, zone: Europe/Berlin }
				stations:
				  - { id: FRAME, cycleSeconds: 60, token: '$2a$10$6iz9a3ACotoRIw3lhvbt5uKd24wxonn7Gsn/LmnHDh42dF65Pdho.' }
				  - { id: WELD,  cycleSeconds: 90, token: '$2a$10$RDQBptbdUz8UVcfQ0sznKeTA7/PnjdwkINC9DeNB7FrCjisrivtWG' }
				  - { id: PAINT, cycleSeconds: 60, token: '$2a$10$MmI5.A.9g62AY.B72S8XG.PMdOiT4/UfuskuFkXOjxRLlFdDr4jAm' }
				  - { id: PACK,  cycleSeconds: 60, token: '$2a$10$Bt.djiUEzaDkspAuewUhle3f9dK.7HPrHtcndi9j2tdWFXykThaAi' }
				webhooks:
				  - { id: maintenance-hook, url: "HOOK/maintenance", format: generic, secret: "SECRET" }
				  - { id: material-hook,    url: "HOOK/material",    format: generic, secret: "SECRET" }
				lines:
				  - id: FA1
				    name: Final assembly line 1
				    stations: [FRAME, WELD, PAINT, PACK]
				    edges: [ { from: FRAME, to: WELD }, { from: WELD, to: PAINT }, { from: PAINT, to: PACK } ]
				    defectCodes: [ { code: SCRATCH, description: Scratch } ]
				    calls:
				      - { type: maintenance, team: maintenance, escalation: [
				            { level: technician, page: [team:maintenance], channels: [push, webhook:maintenance-hook], waitMinutes: 1 },
				            { level: maintenance supervisor, page: [user:msuper], channels: [webhook:maintenance-hook], waitMinutes: 5 } ] }
				      - { type: material, team: material, windowSeconds: 300, escalation: [
				            { level: material handler, page: [team:material], channels: [webhook:material-hook], waitMinutes: 2 } ] }
				      - { type: safety, stopAtOnce: true }
				    roster:
				      - { shift: day, from: "06:00", to: "22:00", lead: lead, teams: { maintenance: tech1, material: handler } }
				users:
				  - { username: lead,    password: 'DEMO', roles: [LEAD] }
				  - { username: tech1,   password: 'DEMO', teams: [maintenance] }
				  - { username: tech2,   password: 'DEMO', teams: [maintenance] }
				  - { username: msuper,  password: 'DEMO', roles: [SUPERVISOR], teams: [maintenance] }
				  - { username: handler, password: 'DEMO', teams: [material] }
				  - { username: admin,   password: 'DEMO', roles: [ADMIN] }
				""".replace("HOOK", "http://127.0.0.1:" + receiverPort).replace("SECRET", SECRET)
			.replace("DEMO", EscalationPlant.DEMO);
		Path file = dir.resolve("call-plant.yml");
		Files.writeString(file, yaml);
		return file;
	}
}
