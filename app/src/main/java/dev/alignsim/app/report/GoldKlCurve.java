package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.policy.eval.GaoFit;
import java.util.ArrayList;
import java.util.List;

/**
 * Gold against d = √KL over a ChatWorld run's PPO iterations, as {@code alignsim gao-fit} reads it: iterations
 * averaged in windows (one iteration's gold is a noisy mean over its prompts), gold taken as its gain over the first
 * iteration (where the policy is the reference), and Gao et al.'s {@code R(d) = d (α − β ln d)} fitted to the windows
 * with {@code d > 0}.
 *
 * @param fit the fitted curve, or null when it could not be made ({@code problem} says why)
 */
record GoldKlCurve(int window, double goldStart, List<Point> points, GaoFit.Fit fit, String problem) {
    /** The most iterations averaged into one point, as {@code gao-fit}'s default. */
    static final int MAX_WINDOW = 10;

    /** One window: mean PPO iteration, √ of the mean KL, gold gain and proxy. */
    record Point(double iteration, double d, double goldGain, double proxy) {}

    static GoldKlCurve of(List<JsonNode> ppo) {
        int window = Math.max(1, Math.min(MAX_WINDOW, ppo.size() / MAX_WINDOW));
        double goldStart = ppo.isEmpty() ? Double.NaN : RunData.value(ppo.get(0), "objective/gold");
        List<Point> points = new ArrayList<>();
        for (int start = 0; start + window <= ppo.size(); start += window) {
            double iteration = 0;
            double kl = 0;
            double gold = 0;
            double proxy = 0;
            for (JsonNode line : ppo.subList(start, start + window)) {
                iteration += line.path("ppo/iteration").asDouble();
                kl += line.path("objective/kl").asDouble();
                gold += line.path("objective/gold").asDouble();
                proxy += line.path("objective/proxy").asDouble();
            }
            points.add(new Point(iteration / window, Math.sqrt(Math.max(0, kl / window)), gold / window - goldStart, proxy / window));
        }
        try {
            return new GoldKlCurve(window, goldStart, points, fit(points), null);
        } catch (IllegalArgumentException e) {
            return new GoldKlCurve(window, goldStart, points, null, e.getMessage());
        }
    }

    /**
     * A run's points whatever its method: PPO, RLOO and GRPO's iterations in windows ({@link #of}); DPO's epochs, each
     * its own point, gold's gain taken over the reference's gold of its closing line; best-of-n's n, KL its analytic
     * value and gold's gain taken over n = 1. Gold is on fresh train prompts in every case, as the iterations measure it.
     */
    static List<Point> pointsOf(RunData run) {
        StageName method = run.method().orElse(StageName.PPO);
        if (method == StageName.BON) {
            return run.stageLine("bon").map(GoldKlCurve::bestOfNPoints).orElse(List.of());
        }
        if (method == StageName.DPO) {
            double start = run.evalLine().map(n -> RunData.value(n, "reference/gold")).orElse(Double.NaN);
            List<Point> points = new ArrayList<>();
            for (JsonNode line : run.lines(StageName.DPO.configName())) {
                points.add(new Point(line.path("dpo/epoch").asDouble(), Math.sqrt(Math.max(0, line.path("objective/kl").asDouble())),
                        line.path("objective/gold").asDouble() - start, line.path("objective/proxy").asDouble()));
            }
            return points;
        }
        return of(run.ppoLines()).points();
    }

    /** Best-of-n's points from its line: one per n, "iteration" being n. */
    static List<Point> bestOfNPoints(JsonNode bon) {
        List<Point> points = new ArrayList<>();
        double start = bon.path("bon/n1/gold").asDouble(Double.NaN);
        for (var names = bon.fieldNames(); names.hasNext(); ) {
            java.util.regex.Matcher m = BON_KL.matcher(names.next());
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                String prefix = "bon/n" + n + "/";
                points.add(new Point(n, Math.sqrt(Math.max(0, bon.path(prefix + "kl").asDouble())), bon.path(prefix + "gold").asDouble() - start,
                        bon.path(prefix + "proxy").asDouble()));
            }
        }
        points.sort(java.util.Comparator.comparingDouble(Point::iteration));
        return points;
    }

    private static final java.util.regex.Pattern BON_KL = java.util.regex.Pattern.compile("bon/n(\\d+)/kl");

    /** Gao's fit to points of d > 0 (the origin fits any curve); throws when they cannot separate α from β. */
    static GaoFit.Fit fit(List<Point> points) {
        List<Point> positive = points.stream().filter(p -> p.d() > 0).toList();
        return GaoFit.fit(positive.stream().mapToDouble(Point::d).toArray(), positive.stream().mapToDouble(Point::goldGain).toArray());
    }

    Series pointSeries(String name) {
        return new Series(name, points.stream().mapToDouble(Point::d).toArray(), points.stream().mapToDouble(Point::goldGain).toArray());
    }

    /** The fitted curve drawn from near 0 to the largest d seen. */
    static Series curve(String name, GaoFit.Fit fit, double maxD) {
        return curve(name, (java.util.function.DoubleUnaryOperator) fit::predict, maxD);
    }

    /** A fitted curve R(d) drawn from near 0 to the largest d seen. */
    static Series curve(String name, java.util.function.DoubleUnaryOperator fit, double maxD) {
        int steps = 100;
        double[] x = new double[steps];
        double[] y = new double[steps];
        for (int i = 0; i < steps; i++) {
            x[i] = maxD * (i + 1) / steps;
            y[i] = fit.applyAsDouble(x[i]);
        }
        return new Series(name, x, y);
    }

    double maxD() {
        return points.stream().mapToDouble(Point::d).max().orElse(0);
    }

    /** Where the fitted curve peaks, {@code d* = exp(α / β − 1)}; NaN when it does not bend down (β ≤ 0). */
    static double peakD(GaoFit.Fit fit) {
        return fit.beta() > 0 ? Math.exp(fit.alpha() / fit.beta() - 1) : Double.NaN;
    }
}
