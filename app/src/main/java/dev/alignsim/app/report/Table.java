package dev.alignsim.app.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A table of the report: a header and rows of cells; a number cell keeps its exact value beside its text. */
final class Table {
    private final String id;
    private final List<String> header;
    private final List<List<Cell>> rows = new ArrayList<>();

    /** One cell: text, and for a number the value it shows (NaN for text). */
    record Cell(String text, double value) {
        static Cell text(String text) {
            return new Cell(text, Double.NaN);
        }

        static Cell number(double value) {
            return new Cell(Numbers.format(value), value);
        }

        /** A mean with the half-width of its interval; the value kept is the mean. */
        static Cell interval(double mean, double halfWidth) {
            return new Cell(Numbers.withInterval(mean, halfWidth), mean);
        }

        boolean numeric() {
            return !Double.isNaN(value);
        }
    }

    Table(String id, String... header) {
        this.id = id;
        this.header = List.of(header);
    }

    Table row(Cell... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("table " + id + " has " + header.size() + " columns, a row has " + cells.length);
        }
        rows.add(Arrays.asList(cells));
        return this;
    }

    /** A row of numbers only. */
    Table numbers(double... values) {
        Cell[] cells = new Cell[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = Cell.number(values[i]);
        }
        return row(cells);
    }

    /** A row of a label and numbers. */
    Table row(String label, double... values) {
        Cell[] cells = new Cell[values.length + 1];
        cells[0] = Cell.text(label);
        for (int i = 0; i < values.length; i++) {
            cells[i + 1] = Cell.number(values[i]);
        }
        return row(cells);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String id() {
        return id;
    }

    List<String> header() {
        return header;
    }

    List<List<Cell>> rows() {
        return rows;
    }
}
