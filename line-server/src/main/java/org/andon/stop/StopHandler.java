package org.andon.stop;

import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.command.CommandHandler;
import org.andon.command.Handled;
import org.andon.protocol.CommandType;
import org.springframework.stereotype.Component;

/** STOP, RESUME and SIGN_OFF (a key of a quality stop's restart) commands; the work is in {@link Stops}, which incidents use too. */
@Component
class StopHandler implements CommandHandler {

	static final String STOP_STARTED = "STOP_STARTED";
	static final String STOP_ENDED = "STOP_ENDED";
	static final String STATE_CHANGED = "STATION_STATE_CHANGED";
	static final String SIGNED_OFF = "STOP_SIGNED_OFF";

	private final Stops stops;

	StopHandler(Stops stops) {
		this.stops = stops;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.STOP, CommandType.RESUME, CommandType.SIGN_OFF);
	}

	@Override
	public Handled handle(CommandContext ctx) {
		return switch (ctx.request().type()) {
			case STOP -> stop(ctx);
			case SIGN_OFF -> Handled.accepted(stops.signOff(ctx, ctx.request().stopId()));
			default -> resume(ctx);
		};
	}

	private Handled stop(CommandContext ctx) {
		return Handled.accepted(stops.start(ctx));
	}

	private Handled resume(CommandContext ctx) {
		return Handled.accepted(stops.end(ctx, ctx.request().stopId()));
	}
}
