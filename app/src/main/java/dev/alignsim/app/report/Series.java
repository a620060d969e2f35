package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/** One named curve: paired x and y values, in the order of the lines they came from. */
record Series(String name, double[] x, double[] y) {

    Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + " pairs " + x.length + " x with " + y.length + " y values");
        }
    }

    /** {@code yField} against {@code xField} over the lines that hold a number for both. */
    static Series of(String name, List<JsonNode> lines, String xField, String yField) {
        double[] xs = new double[lines.size()];
        double[] ys = new double[lines.size()];
        int n = 0;
        for (JsonNode line : lines) {
            JsonNode xv = line.path(xField);
            JsonNode yv = line.path(yField);
            if (xv.isNumber() && yv.isNumber()) {
                xs[n] = xv.asDouble();
                ys[n] = yv.asDouble();
                n++;
            }
        }
        return new Series(name, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
    }

    int size() {
        return x.length;
    }
}
