package dev.alignsim.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.policy.eval.GaoFit;
import dev.alignsim.storage.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code alignsim gao-fit DIR}: how a ChatWorld RLHF run over-optimised its reward model. Reads the ppo
 * iterations of metrics.jsonl, averages them in windows of consecutive iterations (one iteration's gold is a
 * noisy mean over its prompts), and fits Gao, Schulman & Hilton's RL form {@code R(d) = d (α − β ln d)} to the
 * gold gain over the first iteration (where the policy is the reference) against {@code d = √KL}. Also reports
 * where gold peaked and how much of its gain it lost after, and how the proxy moved meanwhile.
 *
 * <p>When the run holds a bon stage, it also fits their best-of-n form {@code R(d) = d (α − β d)} to the bon line's
 * curve: the gold gain on unseen prompts of each n over n = 1 (the reference) against {@code d = √KL}, KL the
 * analytic one; n = 1, at the origin, is left out as the RL fit leaves out its first iteration.
 */
@Command(name = "gao-fit", mixinStandardHelpOptions = true,
        description = "Fits R(d) = d (alpha - beta ln d), d = sqrt(KL), to the gold gain of a ChatWorld RLHF run; "
                + "and R(d) = d (alpha - beta d) to a bon stage's best-of-n curve.")
public final class GaoFitCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BON_STAGE = StageName.BON.closingLine();
    /** A bon line's gold on unseen prompts for one n: {@code bon/n<n>/gold_unseen}. */
    private static final Pattern BON_GOLD = Pattern.compile("bon/n(\\d+)/gold_unseen");

    @Parameters(paramLabel = "DIR", description = "A ChatWorld run directory whose pipeline ran ppo.")
    Path dir;

    @Option(names = "--window", paramLabel = "N", description = "Iterations averaged per point (default: ${DEFAULT-VALUE}).")
    int window = 10;

    @Option(names = "--bins", paramLabel = "B", description = "Average the windows in B equal-width bins of d before fitting, so "
            + "that gold is a function of d even where KL stalls or falls back (0: fit the windows; default: ${DEFAULT-VALUE}).")
    int bins = 0;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    /** One point of the curve: window-averaged iteration, KL, gold and proxy. */
    record Point(double iteration, double kl, double gold, double proxy) {}

    @Override
    public Integer call() {
        if (window < 1) {
            throw new InvalidArgumentException("--window " + window + ": expected a whole number >= 1");
        }
        if (bins < 0 || bins == 1 || bins == 2) {
            throw new InvalidArgumentException("--bins " + bins + ": expected 0 (no binning) or a whole number >= 3");
        }
        Path metrics = dir.resolve(RunDirectory.METRICS);
        List<JsonNode> lines = read(metrics);
        List<Point> raw = ppoPoints(lines);
        Optional<JsonNode> bon = lines.stream().filter(n -> BON_STAGE.equals(n.path("stage").asText())).reduce((a, b) -> b);
        if (raw.isEmpty() && bon.isEmpty()) {
            throw new InvalidArgumentException(metrics + " has no ppo iterations and no bon line; gao-fit needs a ChatWorld run whose"
                    + " pipeline ran ppo or bon");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> text = new ArrayList<>();
        if (!raw.isEmpty()) {
            fitPpo(raw, out, text);
        }
        bon.ifPresent(line -> fitBon(metrics, line, out, text));
        if (json) {
            try {
                System.out.println(JSON.writeValueAsString(out));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            text.forEach(System.out::println);
        }
        return 0;
    }

    /** The RL form fitted to the ppo iterations' windows: its figures into {@code out}, its lines of text into {@code text}. */
    private void fitPpo(List<Point> raw, Map<String, Object> out, List<String> text) {
        if (raw.size() < 3 * window) {
            throw new InvalidArgumentException(dir + " has " + raw.size() + " ppo iterations; gao-fit needs at least 3 windows of "
                    + window + " (try a smaller --window)");
        }
        double gold0 = raw.get(0).gold();
        List<Point> curve = windows(raw);
        List<double[]> points = new ArrayList<>();
        for (Point p : curve) {
            if (p.kl() > 0) {
                points.add(new double[] {Math.sqrt(p.kl()), p.gold() - gold0});
            }
        }
        if (bins > 0) {
            points = binned(points);
        }
        GaoFit.Fit fit;
        try {
            fit = GaoFit.fit(points.stream().mapToDouble(x -> x[0]).toArray(), points.stream().mapToDouble(x -> x[1]).toArray());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(dir + ": its ppo iterations cannot be fitted (" + e.getMessage() + "); expected a run "
                    + "whose KL grows over at least 3 windows of --window " + window);
        }
        Point peak = curve.get(0);
        for (Point p : curve) {
            if (p.gold() > peak.gold()) {
                peak = p;
            }
        }
        Point last = curve.get(curve.size() - 1);
        double peakGain = peak.gold() - gold0;
        out.put("window", window);
        out.put("bins", bins);
        out.put("points", fit.n());
        out.put("alpha", fit.alpha());
        out.put("beta", fit.beta());
        out.put("r_squared", fit.rSquared());
        out.put("gold_start", gold0);
        out.put("gold_peak", peak.gold());
        out.put("gold_peak_iteration", peak.iteration());
        out.put("gold_peak_d", Math.sqrt(Math.max(0, peak.kl())));
        out.put("gold_final", last.gold());
        out.put("gold_drop_of_gain", peakGain > 0 ? (peak.gold() - last.gold()) / peakGain : Double.NaN);
        out.put("proxy_at_peak", peak.proxy());
        out.put("proxy_final", last.proxy());
        out.put("d_final", Math.sqrt(Math.max(0, last.kl())));
        text.add(String.format(Locale.ROOT, "gold gain R(d) = d (%.4f - %.4f ln d), d = sqrt(KL): R^2 %.3f over %d points (%s)",
                fit.alpha(), fit.beta(), fit.rSquared(), fit.n(), bins > 0 ? "windows of " + window + " iterations in " + bins
                        + " bins of d" : "windows of " + window + " iterations"));
        text.add(String.format(Locale.ROOT, "gold %.3f at the start, peak %.3f around iteration %.0f (d %.2f), final %.3f: lost %.0f%% of its gain",
                gold0, peak.gold(), peak.iteration(), Math.sqrt(Math.max(0, peak.kl())), last.gold(),
                100 * (double) out.get("gold_drop_of_gain")));
        text.add(String.format(Locale.ROOT, "proxy %.3f at the gold peak, %.3f at the end (d %.2f)", peak.proxy(), last.proxy(),
                Math.sqrt(Math.max(0, last.kl()))));
    }

    /**
     * The best-of-n form fitted to the bon line's curve on unseen prompts: gold gain of each n over n = 1 against
     * d = √KL (the analytic KL the line holds), n = 1 left out. Its figures go into {@code out} as {@code bon/...}.
     */
    private static void fitBon(Path metrics, JsonNode line, Map<String, Object> out, List<String> text) {
        SortedMap<Integer, double[]> curve = new TreeMap<>();
        for (Iterator<String> names = line.fieldNames(); names.hasNext(); ) {
            Matcher m = BON_GOLD.matcher(names.next());
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                String prefix = "bon/n" + n + "/";
                curve.put(n, new double[] {line.path(prefix + "kl").asDouble(Double.NaN), line.path(prefix + "gold_unseen").asDouble()});
            }
        }
        if (!curve.containsKey(1)) {
            throw new InvalidArgumentException(metrics + ": its bon line has no n = 1 (the reference), which the best-of-n fit measures"
                    + " gold gains from; expected chat.bon.n to start at 1");
        }
        double gold1 = curve.get(1)[1];
        List<Integer> ns = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        curve.forEach((n, p) -> {
            if (n > 1) {
                ns.add(n);
                points.add(new double[] {Math.sqrt(p[0]), p[1] - gold1});
            }
        });
        GaoFit.BestOfNFit fit;
        try {
            fit = GaoFit.bestOfN(points.stream().mapToDouble(x -> x[0]).toArray(), points.stream().mapToDouble(x -> x[1]).toArray());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(metrics + ": its bon curve cannot be fitted (" + e.getMessage() + "); expected at least"
                    + " 3 values of chat.bon.n beside 1");
        }
        double[] best = curve.get(curve.lastKey());
        out.put("bon/points", fit.n());
        out.put("bon/alpha", fit.alpha());
        out.put("bon/beta", fit.beta());
        out.put("bon/r_squared", fit.rSquared());
        out.put("bon/gold_unseen_n1", gold1);
        out.put("bon/n_max", curve.lastKey());
        out.put("bon/gold_unseen_n_max", best[1]);
        out.put("bon/d_max", Math.sqrt(best[0]));
        text.add(String.format(Locale.ROOT, "best-of-n gold gain on unseen prompts R(d) = d (%.4f - %.4f d), d = sqrt(KL) (analytic): "
                + "R^2 %.3f over %d points (n = %s)", fit.alpha(), fit.beta(), fit.rSquared(), fit.n(),
                ns.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        text.add(String.format(Locale.ROOT, "best-of-n gold on unseen prompts %.3f at n = 1, %.3f at n = %d (d %.2f)", gold1, best[1],
                curve.lastKey(), Math.sqrt(best[0])));
    }

    /** (d, gain) points averaged within equal-width bins of d over [0, max d]; empty bins are dropped. */
    private List<double[]> binned(List<double[]> points) {
        double max = points.stream().mapToDouble(x -> x[0]).max().orElse(0);
        double[][] sums = new double[bins][3];
        for (double[] p : points) {
            int b = Math.min(bins - 1, (int) (p[0] / max * bins));
            sums[b][0] += p[0];
            sums[b][1] += p[1];
            sums[b][2]++;
        }
        List<double[]> out = new ArrayList<>();
        for (double[] s : sums) {
            if (s[2] > 0) {
                out.add(new double[] {s[0] / s[2], s[1] / s[2]});
            }
        }
        return out;
    }

    private List<Point> windows(List<Point> raw) {
        List<Point> out = new ArrayList<>();
        for (int start = 0; start + window <= raw.size(); start += window) {
            double[] sum = new double[4];
            for (int i = start; i < start + window; i++) {
                Point p = raw.get(i);
                sum[0] += p.iteration();
                sum[1] += p.kl();
                sum[2] += p.gold();
                sum[3] += p.proxy();
            }
            out.add(new Point(sum[0] / window, sum[1] / window, sum[2] / window, sum[3] / window));
        }
        return out;
    }

    /** metrics.jsonl's lines, parsed. */
    private static List<JsonNode> read(Path metrics) {
        if (!Files.isRegularFile(metrics)) {
            throw new InvalidArgumentException(metrics + " does not exist: not a run directory");
        }
        List<JsonNode> nodes = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(metrics)) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new InvalidArgumentException(metrics + " is not JSON lines: " + e.getMessage());
        }
        return nodes;
    }

    /** The ppo iterations' points, in order. */
    private static List<Point> ppoPoints(List<JsonNode> lines) {
        List<Point> points = new ArrayList<>();
        for (JsonNode node : lines) {
            if ("ppo".equals(node.path("stage").asText()) && node.has("objective/gold")) {
                points.add(new Point(node.path("ppo/iteration").asDouble(), node.path("objective/kl").asDouble(),
                        node.path("objective/gold").asDouble(), node.path("objective/proxy").asDouble()));
            }
        }
        return points;
    }
}
