package org.andon.line;

/**
 * Who must sign off before a line stopped for quality runs again: with {@code twoKeys} the shift lead and quality
 * both (each key logged); with {@code firstPiece} quality's key names a first piece checked good at the stopped
 * station. Stops for other reasons resume on the lead's key alone.
 */
public record QualityRestart(boolean twoKeys, boolean firstPiece) {

	/** Two keys, no first-piece check: the rule unless the line says otherwise. */
	public static final QualityRestart STANDARD = new QualityRestart(true, false);
}
