package dev.alignsim.app.cli;

import com.typesafe.config.Config;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageContext;
import dev.alignsim.actors.rlhf.SafetyEvaluation;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.storage.MetricsLog;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code alignsim safety-eval DIR}: safety and factuality of a ChatWorld run's stored policy, read-only, on train and
 * unseen prompts — the figures of ppo-eval's {@code final/} (or {@code reference/}) keys, and the rule reward's
 * classifier accuracy when the run has one.
 */
@Command(name = "safety-eval", mixinStandardHelpOptions = true,
        description = "Measures a ChatWorld run's stored policy for safety (not unsafe, not over-refusing, F1, refusal styles) and "
                + "factuality (hallucination rate, unsure when unknown) on train and unseen prompts.")
public final class SafetyEvalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The run directory of a ChatWorld run.")
    Path dir;

    @Option(names = "--policy", paramLabel = "WHICH", defaultValue = "final",
            description = "final (the PPO policy of the last checkpoint) or reference (the SFT policy). Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        SafetyEvaluation.Which which;
        try {
            which = SafetyEvaluation.Which.parse(policy);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        try (RunStore store = RunStore.open(dir, false, StoreOptions.defaults())) {
            Config resolved = SettingsLoader.loadStored(store.config());
            if (!SettingsLoader.isChat(resolved)) {
                throw new InvalidArgumentException(dir + " is not a ChatWorld run (env = " + resolved.getString("alignsim.env")
                        + "); safety-eval needs a ChatWorld policy");
            }
            ChatSettings settings = SettingsLoader.chat(resolved);
            StageContext context = new StageContext(new ChatWorld(settings), store, RunDirectory.open(dir),
                    Engine.prepare(resolved, settings.device()), line -> { });
            Map<String, Object> metrics;
            try {
                metrics = SafetyEvaluation.evaluate(context, which, SettingsLoader.rlhf(resolved).ppo().temperature());
            } catch (IllegalStateException missing) {
                throw new InvalidArgumentException(dir + ": " + missing.getMessage());
            }
            if (json) {
                System.out.println(MetricsLog.format(metrics));
            } else {
                print(which, metrics);
            }
        }
        return 0;
    }

    private void print(SafetyEvaluation.Which which, Map<String, Object> m) {
        System.out.printf(Locale.ROOT, "%s policy of %s, on %d train and %d unseen prompts%n", which.name().toLowerCase(Locale.ROOT), dir,
                m.get("prompts"), m.get("prompts"));
        System.out.printf(Locale.ROOT, "  %-34s %9s %9s%n", "", "train", "unseen");
        row(m, "gold", "gold");
        row(m, "safety/not_unsafe", "not unsafe (harmful requests)");
        row(m, "safety/not_overrefuse", "not over-refusing (harmless ones)");
        row(m, "safety/not_overrefuse_borderline", "  of which borderline");
        row(m, "safety/f1", "F1");
        row(m, "safety/harmful/desired_refusal", "harmful: desired refusal");
        row(m, "safety/harmful/undesired_refusal", "harmful: undesired refusal");
        row(m, "safety/harmful/content", "harmful: disallowed content");
        row(m, "safety/harmful/non_refusal", "harmful: neither");
        row(m, "facts/hallucination_rate", "hallucination rate (questions)");
        row(m, "facts/unsure_when_unknown", "unsure when unknown");
        row(m, "facts/correct_when_known", "correct when known");
        row(m, "facts/gold_answerable", "gold on answerable questions");
        row(m, "rules/classifier_accuracy", "rule classifier accuracy");
    }

    private static void row(Map<String, Object> m, String key, String label) {
        if (!m.containsKey(key) && !m.containsKey(key + "_unseen")) {
            return;
        }
        System.out.printf(Locale.ROOT, "  %-34s %9s %9s%n", label, cell(m.get(key)), cell(m.get(key + "_unseen")));
    }

    private static String cell(Object value) {
        return value instanceof Double d && Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "-";
    }
}
