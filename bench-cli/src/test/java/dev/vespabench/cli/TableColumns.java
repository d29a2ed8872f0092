package dev.vespabench.cli;

import java.util.ArrayList;
import java.util.List;

/** Finds where the cells of a right-aligned text table end, to check its alignment. */
final class TableColumns {

    private TableColumns() {
    }

    /**
     * Returns the column just after each run of non-space characters in a line.
     *
     * @param line a table row
     * @return the end positions, from left to right
     */
    static List<Integer> ends(String line) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            boolean cellEnds = line.charAt(i) != ' '
                    && (i + 1 == line.length() || line.charAt(i + 1) == ' ');
            if (cellEnds) {
                ends.add(i + 1);
            }
        }
        return ends;
    }
}
