package org.andon.protocol;

/** Why a command was refused: a value, sent back to the sender and counted, never a stack trace. */
public record Refusal(ErrorCode code, String message) {

	/** Thrown inside command handling to refuse before anything is written. */
	public static final class Refused extends RuntimeException {

		private final Refusal refusal;

		public Refused(ErrorCode code, String message) {
			super(message, null, false, false);
			this.refusal = new Refusal(code, message);
		}

		public Refusal refusal() {
			return refusal;
		}
	}

	public static Refused refuse(ErrorCode code, String message) {
		return new Refused(code, message);
	}
}
