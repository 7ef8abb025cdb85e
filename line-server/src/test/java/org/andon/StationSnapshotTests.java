package org.andon;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A station that signs in late (or gets a snapshot in place of catch-up) learns from its STATE snapshot alone which
 * parts are on their way to it, which it holds and with what open defects, and which of its customers are stopped.
 */
class StationSnapshotTests extends LineServerTestSupport {

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.context.ApplicationContext context;

	@Test
	void theSnapshotCarriesThePartsComingInAndThoseAtTheStationWithTheirOpenDefects() throws Exception {
		StationSession frame = station("FRAME");
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "SN-1"));
		JsonNode pass = frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "SN-1", "note", "first");
		assertAccepted(pass);

		StationSession weld = station("WELD");
		JsonNode onSubscribe = weld.awaitPush("STATE", p -> p.path("data").has("state")).path("data");
		assertThat(onSubscribe.path("incoming")).hasSize(1);
		JsonNode incoming = onSubscribe.path("incoming").get(0);
		assertThat(incoming.path("partSerial").asString()).isEqualTo("SN-1");
		assertThat(incoming.path("from").asString()).isEqualTo("FRAME");
		assertThat(incoming.path("handOffId").asLong()).isEqualTo(pass.path("seq").asLong());
		assertThat(incoming.path("passedAt").asString()).isNotBlank();
		assertThat(onSubscribe.path("atStation")).isEmpty();
		assertThat(snapshot(weld).path("incoming").get(0).path("partSerial").asString())
			.as("the snapshot of a sync reply carries the same").isEqualTo("SN-1");

		assertAccepted(weld.command("type", "ACCEPT", "stationId", "WELD", "partSerial", "SN-1"));
		JsonNode accepted = snapshot(station("WELD"));
		assertThat(accepted.path("incoming")).isEmpty();
		assertThat(serials(accepted.path("atStation"))).containsExactly("SN-1");
		assertThat(accepted.path("atStation").get(0).path("since").asString()).isNotBlank();
		assertThat(accepted.path("atStation").get(0).path("openDefects")).isEmpty();
		assertThat(serials(snapshot(frame).path("atStation"))).as("FRAME passed it on").isEmpty();

		JsonNode defect = weld.command("type", "REPORT_DEFECT", "stationId", "WELD", "partSerial", "SN-1",
				"defectCode", "WELD-POROSITY", "note", "pores at the seam");
		assertAccepted(defect);
		JsonNode open = snapshot(station("WELD")).path("atStation").get(0).path("openDefects");
		assertThat(open).hasSize(1);
		assertThat(open.get(0).path("id").asLong()).isEqualTo(defect.path("seq").asLong());
		assertThat(open.get(0).path("code").asString()).isEqualTo("WELD-POROSITY");
		assertThat(open.get(0).path("foundAt").asString()).isEqualTo("WELD");
		assertThat(open.get(0).path("note").asString()).isEqualTo("pores at the seam");

		assertAccepted(weld.command("type", "CLEAR_DEFECT", "stationId", "WELD", "partSerial", "SN-1", "resolution",
				"REWORKED"));
		assertAccepted(weld.command("type", "PASS", "stationId", "WELD", "partSerial", "SN-1"));
		JsonNode passedOn = snapshot(station("WELD"));
		assertThat(passedOn.path("atStation")).isEmpty();
		assertThat(passedOn.path("incoming")).isEmpty();
		assertThat(serials(snapshot(station("PAINT")).path("incoming"))).containsExactly("SN-1");
	}

	@Test
	void aPartRejectedBackIsAtItsSupplierWithTheRejectionAsItsOpenDefect() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "SN-2"));
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "SN-3"));
		assertAccepted(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "SN-2"));
		JsonNode reject = weld.command("type", "REJECT", "stationId", "WELD", "partSerial", "SN-2", "defectCode",
				"SCRATCH");
		assertAccepted(reject);

		JsonNode atFrame = snapshot(station("FRAME")).path("atStation");
		assertThat(serials(atFrame)).containsExactly("SN-3", "SN-2");
		assertThat(atFrame.get(0).path("openDefects")).isEmpty();
		assertThat(atFrame.get(1).path("openDefects").get(0).path("code").asString()).isEqualTo("SCRATCH");
		assertThat(atFrame.get(1).path("openDefects").get(0).path("id").asLong())
			.isEqualTo(reject.path("seq").asLong());
		assertThat(snapshot(weld).path("incoming")).isEmpty();
	}

	@Test
	void aStationSeesInItsSnapshotThatACustomerDownTheLineIsStopped() throws Exception {
		StationSession paint = station("PAINT");
		long stop = paint.command("type", "STOP", "stationId", "PAINT", "reason", "MAINTENANCE", "note", "booth fan")
			.path("seq").asLong();
		try {
			for (String upstream : List.of("WELD", "FRAME")) {
				JsonNode customerStops = station(upstream).awaitPush("STATE", p -> p.path("data").has("state"))
					.path("data").path("customerStops");
				assertThat(customerStops).as(upstream).hasSize(1);
				assertThat(customerStops.get(0).path("id").asLong()).isEqualTo(stop);
				assertThat(customerStops.get(0).path("stationId").asString()).isEqualTo("PAINT");
				assertThat(customerStops.get(0).path("reason").asString()).isEqualTo("MAINTENANCE");
			}
			assertThat(snapshot(paint).path("customerStops")).as("its own stop is in stops").isEmpty();
			assertThat(snapshot(station("SEAT-SEW")).path("customerStops")).as("not a customer of the feeder")
				.isEmpty();
			assertThat(snapshot(station("ASSY")).path("customerStops")).as("downstream: halted, not starved")
				.isEmpty();
		}
		finally {
			assertAccepted(person("lead").command("type", "RESUME", "stopId", stop));
		}
		assertThat(snapshot(station("FRAME")).path("customerStops")).isEmpty();
	}

	/**
	 * A snapshot is read in one transaction: the parts coming in first, then the parts held. A part the station
	 * accepts between the two reads (a busy line, a failover's sign-in storm) is held with the time it was accepted,
	 * not taken for the hand-off still pending that the first read saw.
	 */
	@Test
	void aPartAcceptedWhileTheSnapshotIsReadIsHeldSinceItsAcceptance() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "SN-RACE"));
		assertAccepted(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "SN-RACE"));
		org.andon.handoff.StationParts parts = context.getBean(org.andon.handoff.StationParts.class);
		org.springframework.transaction.support.TransactionTemplate tx = new org.springframework.transaction.support
			.TransactionTemplate(context.getBean(org.springframework.transaction.PlatformTransactionManager.class));
		tx.setReadOnly(true);

		List<org.andon.handoff.StationParts.Held> held = tx.execute(status -> {
			assertThat(parts.incoming("FA1", "WELD")).extracting(org.andon.handoff.StationParts.Incoming::partSerial)
				.contains("SN-RACE");
			try {
				assertAccepted(weld.command("type", "ACCEPT", "stationId", "WELD", "partSerial", "SN-RACE"));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return parts.held("FA1", "WELD");
		});

		assertThat(held).filteredOn(h -> h.partSerial().equals("SN-RACE")).singleElement()
			.satisfies(h -> assertThat(h.since()).as("since its acceptance").isNotNull());
	}

	/** The snapshot of a sync reply without {@code since}. */
	private static JsonNode snapshot(StationSession s) throws Exception {
		return s.sync(Map.of()).path("snapshot").path("data");
	}

	private static List<String> serials(JsonNode parts) {
		return parts.valueStream().map(p -> p.path("partSerial").asString()).toList();
	}
}
