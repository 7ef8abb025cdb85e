package org.andon.station.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** Lets tests in other packages run the terminal's main in-process with their own streams. */
public final class StationClientMainAccess {

	private StationClientMainAccess() {
	}

	public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
		return StationClientMain.run(args, in, out, err);
	}
}
