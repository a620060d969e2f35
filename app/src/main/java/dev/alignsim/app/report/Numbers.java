package dev.alignsim.app.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How the report writes numbers: four significant digits, thousands grouped, a dash for a missing value. */
final class Numbers {
    static final String MISSING = "–";
    private static final MathContext FOUR_DIGITS = new MathContext(4);

    private Numbers() {}

    static String format(double value) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        double abs = Math.abs(value);
        if (abs >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs != 0 && abs < 1e-4) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        String plain = new BigDecimal(value).round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }

    /** {@code mean ± half-width}, or the mean alone where the half-width is unknown (one seed). */
    static String withInterval(double mean, double halfWidth) {
        return Double.isNaN(halfWidth) ? format(mean) : format(mean) + " ± " + format(halfWidth);
    }
}
