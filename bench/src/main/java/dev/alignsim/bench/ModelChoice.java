package dev.alignsim.bench;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.env.labelers.LabelerPopulation;
import dev.alignsim.policy.device.ComputeDevice;
import dev.alignsim.policy.device.TorchThreads;
import dev.alignsim.policy.seq.SequenceBatch;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.policy.seq.SftSettings;
import dev.alignsim.policy.seq.SftTrainer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Which sequence model learns ChatWorld better per second: the GRU and the Transformer, at comparable sizes, trained
 * by SFT (the sft stage's trainer and settings) on the same demonstrations, in the same thread, taking turns a chunk
 * of minibatches at a time (the one behind in training time goes next), so that both see the same load on a shared
 * machine. At each mark of training seconds (wall, evaluation excluded) it reads the token cross-entropy on held-out
 * demonstrations (the eval stage's prompts and demonstrators); after training it times generation for a batch of 256
 * prompts. Prints a Markdown
 * section on stdout (scripts/model-choice.sh writes it into docs/PERFORMANCE.md) and progress on stderr.
 *
 * <pre>
 * ModelChoice [--config FILE] [--set key=value]... [--seconds S] [--marks 2,5,10,...] [--chunk DEMOS]
 *             [--gru EMBEDDING,HIDDEN,LAYERS] [--transformer WIDTH,MLP,BLOCKS,HEADS] [--heldout N]
 *             [--check-rates RATE,...] [--check-seconds S] [--command TEXT]
 * </pre>
 *
 * {@code --check-rates} runs further, shorter contests ({@code --check-seconds} each) with fresh models at other
 * learning rates, so that a verdict does not rest on a rate that suits one model only.
 *
 * The world, demonstrators, demonstrations count, response length and SFT settings are the configuration's
 * ({@code chat.*}, as {@code alignsim run} reads it); the two models' widths are the options'.
 */
public final class ModelChoice {
    private static final int GENERATION_BATCH = 256;
    private static final int GENERATION_REPEATS = 7;
    private static final int EVAL_BATCH = 512;
    /** Where the report's prose wraps, as docs/*.md wrap theirs. */
    private static final int WIDTH = 115;

    private ModelChoice() {}

    /** One contender: its model, its trainer and where it stands. */
    private static final class Contender implements AutoCloseable {
        final String label;
        final String widths;
        final SequencePolicy policy;
        final SftTrainer trainer;
        double trainSeconds;
        double cpuSeconds;
        long demonstrationsSeen;
        double lastChunkLoss = Double.NaN;
        final List<double[]> curve = new ArrayList<>();
        double generationMillis;
        double generationTokens;
        final int parameters;

        Contender(String label, String widths, SequenceModelSpec spec, Device device, SftSettings sft, long seed) {
            this.label = label;
            this.widths = widths;
            this.policy = new SequencePolicy(spec, device, seed);
            this.trainer = new SftTrainer(policy, new SftSettings(1, sft.batchSize(), sft.learningRate(), sft.maxGradNorm()), seed);
            this.parameters = policy.weights(0).parameterCount();
        }

        @Override
        public void close() {
            trainer.close();
            policy.close();
        }
    }

    public static void main(String[] args) {
        Path config = null;
        List<String> overrides = new ArrayList<>(List.of("env=ChatWorld"));
        double seconds = 60;
        double[] marks = null;
        int chunk = 512;
        int heldout = 1000;
        int[] gru = null;
        int[] transformer = {64, 256, 2, 4};
        double[] checkRates = {};
        double checkSeconds = 10;
        String command = "";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--config" -> config = Path.of(value);
                case "--set" -> overrides.add(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--marks" -> marks = Arrays.stream(value.split(",")).mapToDouble(Double::parseDouble).toArray();
                case "--chunk" -> chunk = Integer.parseInt(value);
                case "--heldout" -> heldout = Integer.parseInt(value);
                case "--gru" -> gru = ints(value, 3);
                case "--transformer" -> transformer = ints(value, 4);
                case "--command" -> command = value;
                case "--check-rates" -> checkRates = Arrays.stream(value.split(",")).mapToDouble(Double::parseDouble).toArray();
                case "--check-seconds" -> checkSeconds = Double.parseDouble(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see ModelChoice's documentation");
            }
            i++;
        }
        if (marks == null) {
            marks = defaultMarks(seconds, checkRates.length > 0 ? checkSeconds : seconds);
        }
        Config resolved = SettingsLoader.load(config, overrides);
        ChatSettings settings = SettingsLoader.chat(resolved);
        TorchThreads.configure(SettingsLoader.torchThreads(resolved));
        Device device = ComputeDevice.resolve(settings.device());
        ChatWorld world = new ChatWorld(settings);
        int vocabulary = world.vocabulary().size();
        int responseLength = settings.model().responseLength();
        if (gru == null) {
            gru = new int[] {settings.model().embedding(), settings.model().hidden(), settings.model().layers()};
        }

        Data train = demonstrations(world, "sft", settings.demonstrations(), responseLength);
        Data test = demonstrations(world, "eval", heldout, responseLength);
        Setup setup = new Setup(world, device, train, test, chunk, world.seed("sft/init"),
                new SequenceModelSpec(vocabulary, gru[0], gru[1], gru[2], ChatSettings.PROMPT_LENGTH, responseLength),
                String.format(Locale.ROOT, "embedding %d, hidden %d, %d layer%s", gru[0], gru[1], gru[2], gru[2] == 1 ? "" : "s"),
                SequenceModelSpec.transformer(vocabulary, transformer[0], transformer[1], transformer[2], transformer[3],
                        ChatSettings.PROMPT_LENGTH, responseLength),
                String.format(Locale.ROOT, "width %d, MLP %d, %d block%s of %d heads", transformer[0], transformer[1], transformer[2],
                        transformer[2] == 1 ? "" : "s", transformer[3]));
        List<Contender> main = contest(setup, settings.sft(), seconds, marks, true);
        List<List<Contender>> checks = new ArrayList<>();
        for (double rate : checkRates) {
            SftSettings other = new SftSettings(1, settings.sft().batchSize(), rate, settings.sft().maxGradNorm());
            checks.add(contest(setup, other, checkSeconds, new double[] {checkSeconds}, false));
        }
        System.out.print(report(main, checks, checkRates, checkSeconds, settings, vocabulary, train, test, chunk, marks, device, command));
    }

    /** What every contest shares: the world, the data, the seed and both models' specs. */
    private record Setup(ChatWorld world, Device device, Data train, Data test, int chunk, long seed, SequenceModelSpec gru,
            String gruWidths, SequenceModelSpec transformer, String transformerWidths) {}

    /**
     * Trains a fresh GRU and a fresh Transformer with {@code sft} for {@code seconds} each, taking turns, reading the
     * held-out cross-entropy at each mark; then, if asked, times generation. The models are freed; their numbers kept.
     */
    private static List<Contender> contest(Setup setup, SftSettings sft, double seconds, double[] marks, boolean timeGeneration) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Contender g = new Contender("GRU", setup.gruWidths(), setup.gru(), setup.device(), sft, setup.seed());
                Contender t = new Contender("Transformer", setup.transformerWidths(), setup.transformer(), setup.device(), sft,
                        setup.seed())) {
            List<Contender> both = List.of(g, t);
            Data train = setup.train();
            for (Contender c : both) {
                c.curve.add(new double[] {0, 0, crossEntropy(c.policy, setup.test())});
            }
            // Each model draws the same passes over the demonstrations.
            Rng[] orders = {Rng.derive(setup.seed(), 7), Rng.derive(setup.seed(), 7)};
            int[][] passOrder = new int[both.size()][];
            int[] next = new int[both.size()];
            int[] nextMark = new int[both.size()];
            while (true) {
                int k = g.trainSeconds <= t.trainSeconds ? 0 : 1;
                if (both.get(k).trainSeconds >= seconds) {
                    k = 1 - k;
                    if (both.get(k).trainSeconds >= seconds) {
                        break;
                    }
                }
                Contender c = both.get(k);
                if (passOrder[k] == null || next[k] >= passOrder[k].length) {
                    passOrder[k] = orders[k].permutation(train.size());
                    next[k] = 0;
                }
                int size = Math.min(setup.chunk(), passOrder[k].length - next[k]);
                Data part = train.subset(passOrder[k], next[k], size);
                next[k] += size;
                long wall = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                SftTrainer.Stats stats = c.trainer.train(part.prompts, part.responses);
                c.trainSeconds += (System.nanoTime() - wall) / 1e9;
                c.cpuSeconds += (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
                c.demonstrationsSeen += size;
                c.lastChunkLoss = stats.finalLoss();
                while (nextMark[k] < marks.length && c.trainSeconds >= marks[nextMark[k]]) {
                    double ce = crossEntropy(c.policy, setup.test());
                    c.curve.add(new double[] {marks[nextMark[k]], c.trainSeconds, ce});
                    System.err.printf(Locale.ROOT, "learning rate %s: %-11s %6.1f s trained (%5.1f s CPU), %7d demonstrations seen: "
                            + "held-out CE %.4f%n", number(sft.learningRate()), c.label, c.trainSeconds, c.cpuSeconds, c.demonstrationsSeen,
                            ce);
                    nextMark[k]++;
                }
            }
            if (timeGeneration) {
                int[][] prompts = ChatWorld.tokens(setup.world().prompts("eval/prompts", GENERATION_BATCH));
                for (int repeat = 0; repeat <= GENERATION_REPEATS; repeat++) {
                    for (Contender c : both) {
                        long start = System.nanoTime();
                        SequencePolicy.Generation generated = c.policy.generate(prompts, 1.0, new Rng(repeat));
                        double millis = (System.nanoTime() - start) / 1e6;
                        if (repeat == 0) {
                            continue; // warm-up
                        }
                        long tokens = Arrays.stream(generated.responses()).mapToLong(r -> r.length).sum();
                        c.generationMillis += millis / GENERATION_REPEATS;
                        c.generationTokens += tokens / (double) GENERATION_REPEATS;
                    }
                }
            }
            return both;
        }
    }

    /** Prompts and their demonstrations, cut to the model's response length as the sft stage cuts them. */
    private record Data(int[][] prompts, int[][] responses, int truncated) {
        int size() {
            return prompts.length;
        }

        Data subset(int[] order, int from, int size) {
            int[][] p = new int[size][];
            int[][] r = new int[size][];
            for (int i = 0; i < size; i++) {
                p[i] = prompts[order[from + i]];
                r[i] = responses[order[from + i]];
            }
            return new Data(p, r, 0);
        }

        double meanResponseTokens() {
            return Arrays.stream(responses).mapToInt(r -> r.length).average().orElse(0);
        }
    }

    private static Data demonstrations(ChatWorld world, String stage, int n, int responseLength) {
        // Held-out demonstrations answer evaluation prompts, which no training draw can produce.
        Prompt[] prompts = stage.equals("eval") ? world.unseenPrompts(stage + "/prompts", n) : world.prompts(stage + "/prompts", n);
        LabelerPopulation population = world.demonstrators(stage);
        int[][] demos = new int[n][];
        int truncated = 0;
        for (int i = 0; i < n; i++) {
            int[] demo = population.labelerFor(i).demonstrate(prompts[i]);
            if (demo.length > responseLength) {
                demo = Arrays.copyOf(demo, responseLength);
                demo[demo.length - 1] = Vocabulary.EOS;
                truncated++;
            }
            demos[i] = demo;
        }
        return new Data(ChatWorld.tokens(prompts), demos, truncated);
    }

    /** Mean token cross-entropy (nats) of the responses under the policy, EOS included. */
    private static double crossEntropy(SequencePolicy policy, Data data) {
        double sum = 0;
        long tokens = 0;
        for (int from = 0; from < data.size(); from += EVAL_BATCH) {
            int to = Math.min(data.size(), from + EVAL_BATCH);
            int[][] p = Arrays.copyOfRange(data.prompts, from, to);
            int[][] r = Arrays.copyOfRange(data.responses, from, to);
            float[] logProbs = policy.tokenLogProbs(p, r, 1.0);
            for (float lp : logProbs) {
                sum -= lp;
            }
            for (int[] response : r) {
                tokens += SequenceBatch.readLength(response);
            }
        }
        return sum / tokens;
    }

    private static String report(List<Contender> both, List<List<Contender>> checks, double[] checkRates, double checkSeconds,
            ChatSettings settings, int vocabulary, Data train, Data test, int chunk, double[] marks, Device device, String command) {
        StringBuilder out = new StringBuilder();
        Contender g = both.get(0);
        Contender t = both.get(1);
        out.append(String.format(Locale.ROOT, "Command: `%s`.%n%n", command));
        bullet(out, String.format(Locale.ROOT, "Task: SFT on %,d demonstrations of the configured world (vocabulary %d, prompts of "
                + "up to %d tokens, responses cut to %d tokens: %d were; %.1f tokens on average, EOS included), by the sft stage's "
                + "trainer (Adam at %s, minibatches of %d, grad-norm clip %s).", train.size(), vocabulary, ChatSettings.PROMPT_LENGTH,
                settings.model().responseLength(), train.truncated(), train.meanResponseTokens(), number(settings.sft().learningRate()),
                settings.sft().batchSize(), number(settings.sft().maxGradNorm())));
        bullet(out, String.format(Locale.ROOT, "Fair turns: both models in one thread (torch threads %s, %s), taking turns a chunk of %d "
                + "demonstrations at a time, the one behind in training time going next; the same passes over the data; evaluation "
                + "time is not training time.", System.getProperty("ai.djl.pytorch.num_threads"), device.getDeviceType(), chunk));
        bullet(out, String.format(Locale.ROOT, "Held-out: token cross-entropy (nats, EOS included) on %,d demonstrations not trained "
                + "on (the eval stage's prompts and demonstrators); generation at temperature 1 on %d of those prompts, mean of %d "
                + "batches after one warm-up.",
                test.size(), GENERATION_BATCH, GENERATION_REPEATS));
        bullet(out, String.format(Locale.ROOT, "Machine: load average %s when it ended.", loadAverage()));
        out.append('\n');
        out.append("| | ").append(g.label).append(" | ").append(t.label).append(" |\n|---|---|---|\n");
        row(out, "widths", g.widths, t.widths);
        row(out, "parameters", String.format(Locale.ROOT, "%,d", g.parameters), String.format(Locale.ROOT, "%,d", t.parameters));
        row(out, "held-out CE, untrained", ce(g.curve.get(0)[2]), ce(t.curve.get(0)[2]));
        for (int m = 0; m < marks.length; m++) {
            String label = "held-out CE after " + number(marks[m]) + " s of training";
            row(out, label, mark(g, m + 1), mark(t, m + 1));
        }
        row(out, "training: demonstrations per second", rate(g.demonstrationsSeen, g.trainSeconds),
                rate(t.demonstrationsSeen, t.trainSeconds));
        row(out, "training: CPU seconds per wall second", String.format(Locale.ROOT, "%.2f", g.cpuSeconds / g.trainSeconds),
                String.format(Locale.ROOT, "%.2f", t.cpuSeconds / t.trainSeconds));
        row(out, "training loss, last chunk", ce(g.lastChunkLoss), ce(t.lastChunkLoss));
        row(out, "generation, batch of " + GENERATION_BATCH + ": tokens/s", rate(g.generationTokens, g.generationMillis / 1e3),
                rate(t.generationTokens, t.generationMillis / 1e3));
        row(out, "generation, batch of " + GENERATION_BATCH + ": ms per batch (mean tokens per response)",
                String.format(Locale.ROOT, "%.1f (%.1f)", g.generationMillis, g.generationTokens / GENERATION_BATCH),
                String.format(Locale.ROOT, "%.1f (%.1f)", t.generationMillis, t.generationTokens / GENERATION_BATCH));
        if (!checks.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nThe same contest at other learning rates, fresh models, %s s each:%n%n",
                    number(checkSeconds)));
            out.append("| learning rate | GRU | Transformer |\n|---|---|---|\n");
            for (int i = 0; i < checks.size(); i++) {
                row(out, number(checkRates[i]) + ": held-out CE after " + number(checkSeconds) + " s", mark(checks.get(i).get(0), 1),
                        mark(checks.get(i).get(1), 1));
            }
            row(out, number(settings.sft().learningRate()) + " (above): held-out CE after " + number(checkSeconds) + " s",
                    markAt(g, checkSeconds), markAt(t, checkSeconds));
        }
        return out.toString();
    }

    private static String mark(Contender c, int index) {
        if (index >= c.curve.size()) {
            return "-";
        }
        double[] point = c.curve.get(index);
        return String.format(Locale.ROOT, "%.3f (at %.1f s)", point[2], point[1]);
    }

    /** A Markdown list item, wrapped at {@link #WIDTH} columns as the documents are. */
    private static void bullet(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("-");
        for (String word : text.split(" ")) {
            if (line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(" ");
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }

    /** The main contest's reading at the mark {@code seconds}, if it had one. */
    private static String markAt(Contender c, double seconds) {
        for (int i = 1; i < c.curve.size(); i++) {
            if (c.curve.get(i)[0] == seconds) {
                return mark(c, i);
            }
        }
        return "-";
    }

    private static void row(StringBuilder out, String what, String a, String b) {
        out.append("| ").append(what).append(" | ").append(a).append(" | ").append(b).append(" |\n");
    }

    private static String ce(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String rate(double count, double seconds) {
        return String.format(Locale.ROOT, "%,.0f", count / seconds);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** 2.5, 5, 10, 20, ... up to {@code seconds}, and {@code alsoAt} (the shorter contests' length, for comparison). */
    private static double[] defaultMarks(double seconds, double alsoAt) {
        TreeSet<Double> marks = new TreeSet<>();
        for (double m = 2.5; m < seconds; m *= 2) {
            marks.add(m);
        }
        marks.add(seconds);
        if (alsoAt <= seconds) {
            marks.add(alsoAt);
        }
        return marks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int[] ints(String value, int count) {
        int[] out = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
        if (out.length != count) {
            throw new IllegalArgumentException("expected " + count + " numbers separated by commas, got " + value);
        }
        return out;
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f on %d cores", load, Runtime.getRuntime().availableProcessors());
    }
}
