package org.andon.ops.sim;

import java.util.concurrent.ConcurrentLinkedDeque;

import org.andon.station.Resolution;
import org.andon.station.StationClient;
import org.andon.station.StationListener;
import org.andon.station.StationPush;
import org.andon.station.StationState;
import org.andon.station.Stop;

/** One station of the {@link Floor}: its client, what it holds, and how its worker answers what the server pushes. */
final class SimStation implements StationListener {

	private final Floor floor;
	final StationClient client;
	final String id;
	final int line;
	final int position;
	final boolean entry;
	final ConcurrentLinkedDeque<String> ready = new ConcurrentLinkedDeque<>();
	volatile StationState state = StationState.UNKNOWN;

	SimStation(Floor floor, StationClient client, int line, int position) {
		this.floor = floor;
		this.client = client;
		this.id = client.stationId();
		this.line = line;
		this.position = position;
		this.entry = position == 0;
		client.addListener(this);
	}

	boolean ready() {
		return client.status().connection().online() && client.status().connection().caughtUp()
				&& state != StationState.UNKNOWN;
	}

	boolean working() {
		return state == StationState.RUNNING || state == StationState.CALLING;
	}

	/** This station's turn: pass a part it holds (an entry station receives one first); false if it cannot. */
	boolean passNext(Phase p) {
		if (!working()) {
			return false;
		}
		String serial = ready.poll();
		if (serial != null) {
			pass(p, serial);
			return true;
		}
		if (!entry) {
			return false;
		}
		String fresh = floor.freshSerial(line);
		floor.issue(p, () -> client.receive(fresh), r -> {
			if (r.accepted()) {
				pass(p, fresh);
			}
		});
		return true;
	}

	private void pass(Phase p, String serial) {
		floor.issue(p, () -> client.pass(serial, null), r -> {
			if (!r.accepted()) {
				ready.addFirst(serial);
			}
			else if (position + 1 == floor.plant().stationsPerLine()) {
				p.completed.increment();
			}
			else {
				p.handOffs.increment();
			}
		});
	}

	@Override
	public void onStateChanged(StationState from, StationState to, StationPush push) {
		state = to;
	}

	@Override
	public void onPartIncoming(String partSerial, String from, StationPush push) {
		Phase p = floor.phase();
		if (floor.rejectsNext()) {
			floor.issue(p, () -> client.reject(partSerial, Plant.DEFECT, null, "simulated reject"), r -> {
			});
		}
		else {
			floor.issue(p, () -> client.accept(partSerial), r -> {
				if (r.accepted()) {
					ready.add(partSerial);
				}
			});
		}
	}

	@Override
	public void onPartRejected(String partSerial, String defectCode, String note, StationPush push) {
		floor.issue(floor.phase(), () -> client.clearDefect(partSerial, Resolution.REWORKED, "simulated rework"), r -> {
			if (r.accepted()) {
				ready.add(partSerial);
			}
		});
	}

	@Override
	public void onHalt(Stop stop, StationPush push) {
		floor.halted(id, line, stop, System.nanoTime());
	}
}
