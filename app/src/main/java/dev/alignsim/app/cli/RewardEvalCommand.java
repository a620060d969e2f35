package dev.alignsim.app.cli;

import com.typesafe.config.Config;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.RmStage;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.chat.RewardEvaluation;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code alignsim rm-eval DIR}: evaluates a ChatWorld run's stored reward model on the run's held-out comparisons,
 * read-only: accuracy on the labelers' pairs, accuracy on gold-ordered pairs (with the labelers' own agreement on
 * the same pairs), and correlations of the score with gold and with response length beside gold's own.
 */
@Command(name = "rm-eval", mixinStandardHelpOptions = true,
        description = "Evaluates a ChatWorld run's reward model on its held-out comparisons against the labelers and gold.")
public final class RewardEvalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The run directory of a ChatWorld run that ran the rm stage.")
    Path dir;

    @Option(names = "--threshold", paramLabel = "GAP", description = "Count gold pairs whose gold gap exceeds GAP "
            + "(default: the run's chat.eval.gold_threshold).")
    Double threshold;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (threshold != null && !(threshold >= 0 && Double.isFinite(threshold))) {
            throw new InvalidArgumentException("--threshold must be a finite number >= 0, got " + threshold);
        }
        try (RunStore store = RunStore.open(dir, false, StoreOptions.defaults())) {
            Config resolved = SettingsLoader.loadStored(store.config());
            if (!SettingsLoader.isChat(resolved)) {
                throw new InvalidArgumentException(dir + " is not a ChatWorld run (env = "
                        + resolved.getString("alignsim.env") + "); rm-eval needs a run with a reward model");
            }
            ChatSettings settings = SettingsLoader.chat(resolved);
            double gap = threshold != null ? threshold : settings.eval().goldThreshold();
            StageContext context = new StageContext(new ChatWorld(settings), store, RunDirectory.open(dir),
                    Engine.prepare(resolved, settings.device()), line -> { });
            RewardEvaluation e;
            RewardEvaluation unseen;
            try {
                e = RmStage.evaluateStored(context, gap);
                unseen = RmStage.evaluateStoredUnseen(context, gap);
            } catch (IllegalStateException missing) {
                throw new InvalidArgumentException(dir + ": " + missing.getMessage());
            }
            if (json) {
                Map<String, Object> metrics = new LinkedHashMap<>(e.metrics());
                metrics.putAll(unseen.metrics(RmStage.UNSEEN));
                System.out.println(MetricsLog.format(metrics));
            } else {
                print(String.format(Locale.ROOT, "reward model of %s, on %d held-out comparisons of train prompts", dir, e.comparisons()),
                        e, gap);
                print(String.format(Locale.ROOT, "on %d rankings of unseen prompts (the reference's answers; never trained on)",
                        unseen.comparisons()), unseen, gap);
            }
        }
        return 0;
    }

    private static void print(String heading, RewardEvaluation e, double gap) {
        System.out.println(heading);
        System.out.printf(Locale.ROOT, "  accuracy on labelers' pairs        %6.1f%%%n", 100 * e.heldoutAccuracy());
        System.out.printf(Locale.ROOT, "  accuracy on gold pairs (gap > %.2f) %6.1f%%  (%d pairs)%n", gap, 100 * e.goldAccuracy(), e.goldPairs());
        System.out.printf(Locale.ROOT, "  labelers' agreement with gold      %6.1f%%  (same pairs)%n", 100 * e.labelerAgreement());
        System.out.printf(Locale.ROOT, "  correlation with gold              %7.3f%n", e.rmGoldCorrelation());
        System.out.printf(Locale.ROOT, "  correlation with length            %7.3f  (gold's: %.3f)%n", e.rmLengthCorrelation(),
                e.goldLengthCorrelation());
        System.out.printf(Locale.ROOT, "  ensemble spread                    %7.3f%n", e.meanSpread());
        e.goldAccuracyByGroup().forEach((group, accuracy) -> {
            Double own = e.ownAccuracyByGroup().get(group);
            System.out.printf(Locale.ROOT, "  accuracy on %-22s %6.1f%%%s%n", "group " + group + "'s gold", 100 * accuracy,
                    own == null ? "" : String.format(Locale.ROOT, "  (its own member: %.1f%%)", 100 * own));
        });
    }
}
