package org.andon.station.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A five-row block font, so a station's name and state read from across the aisle. */
final class BigLetters {

	static final int HEIGHT = 5;
	private static final int WIDTH = 5;

	private static final Map<Character, String[]> GLYPHS = Map.ofEntries(
			Map.entry('A', new String[] { " ### ", "#   #", "#####", "#   #", "#   #" }),
			Map.entry('B', new String[] { "#### ", "#   #", "#### ", "#   #", "#### " }),
			Map.entry('C', new String[] { " ####", "#    ", "#    ", "#    ", " ####" }),
			Map.entry('D', new String[] { "#### ", "#   #", "#   #", "#   #", "#### " }),
			Map.entry('E', new String[] { "#####", "#    ", "#### ", "#    ", "#####" }),
			Map.entry('F', new String[] { "#####", "#    ", "#### ", "#    ", "#    " }),
			Map.entry('G', new String[] { " ####", "#    ", "#  ##", "#   #", " ####" }),
			Map.entry('H', new String[] { "#   #", "#   #", "#####", "#   #", "#   #" }),
			Map.entry('I', new String[] { "#####", "  #  ", "  #  ", "  #  ", "#####" }),
			Map.entry('J', new String[] { "#####", "    #", "    #", "#   #", " ### " }),
			Map.entry('K', new String[] { "#   #", "#  # ", "###  ", "#  # ", "#   #" }),
			Map.entry('L', new String[] { "#    ", "#    ", "#    ", "#    ", "#####" }),
			Map.entry('M', new String[] { "#   #", "## ##", "# # #", "#   #", "#   #" }),
			Map.entry('N', new String[] { "#   #", "##  #", "# # #", "#  ##", "#   #" }),
			Map.entry('O', new String[] { " ### ", "#   #", "#   #", "#   #", " ### " }),
			Map.entry('P', new String[] { "#### ", "#   #", "#### ", "#    ", "#    " }),
			Map.entry('Q', new String[] { " ### ", "#   #", "# # #", "#  # ", " ## #" }),
			Map.entry('R', new String[] { "#### ", "#   #", "#### ", "#  # ", "#   #" }),
			Map.entry('S', new String[] { " ####", "#    ", " ### ", "    #", "#### " }),
			Map.entry('T', new String[] { "#####", "  #  ", "  #  ", "  #  ", "  #  " }),
			Map.entry('U', new String[] { "#   #", "#   #", "#   #", "#   #", " ### " }),
			Map.entry('V', new String[] { "#   #", "#   #", "#   #", " # # ", "  #  " }),
			Map.entry('W', new String[] { "#   #", "#   #", "# # #", "## ##", "#   #" }),
			Map.entry('X', new String[] { "#   #", " # # ", "  #  ", " # # ", "#   #" }),
			Map.entry('Y', new String[] { "#   #", " # # ", "  #  ", "  #  ", "  #  " }),
			Map.entry('Z', new String[] { "#####", "   # ", "  #  ", " #   ", "#####" }),
			Map.entry('0', new String[] { " ### ", "#  ##", "# # #", "##  #", " ### " }),
			Map.entry('1', new String[] { "  #  ", " ##  ", "  #  ", "  #  ", " ### " }),
			Map.entry('2', new String[] { " ### ", "#   #", "  ## ", " #   ", "#####" }),
			Map.entry('3', new String[] { "#### ", "    #", " ### ", "    #", "#### " }),
			Map.entry('4', new String[] { "#   #", "#   #", "#####", "    #", "    #" }),
			Map.entry('5', new String[] { "#####", "#    ", "#### ", "    #", "#### " }),
			Map.entry('6', new String[] { " ### ", "#    ", "#### ", "#   #", " ### " }),
			Map.entry('7', new String[] { "#####", "    #", "   # ", "  #  ", "  #  " }),
			Map.entry('8', new String[] { " ### ", "#   #", " ### ", "#   #", " ### " }),
			Map.entry('9', new String[] { " ### ", "#   #", " ####", "    #", " ### " }),
			Map.entry('-', new String[] { "     ", "     ", "#####", "     ", "     " }),
			Map.entry('.', new String[] { "     ", "     ", "     ", "     ", "  #  " }),
			Map.entry(' ', new String[] { "     ", "     ", "     ", "     ", "     " }));

	private BigLetters() {
	}

	/** How many columns {@code text} takes in big letters. */
	static int width(String text) {
		return text.isEmpty() ? 0 : text.length() * (WIDTH + 1) - 1;
	}

	/** The five rows of {@code text} in big letters (characters without a glyph show as blanks). */
	static List<String> render(String text) {
		List<String> rows = new ArrayList<>();
		String upper = text.toUpperCase(Locale.ROOT);
		for (int r = 0; r < HEIGHT; r++) {
			StringBuilder row = new StringBuilder();
			for (int i = 0; i < upper.length(); i++) {
				String[] glyph = GLYPHS.getOrDefault(upper.charAt(i), GLYPHS.get(' '));
				if (i > 0) {
					row.append(' ');
				}
				row.append(glyph[r].replace('#', '\u2588'));
			}
			rows.add(row.toString());
		}
		return rows;
	}
}
