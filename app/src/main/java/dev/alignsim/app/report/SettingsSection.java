package dev.alignsim.app.report;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** The run's settings and where its numbers came from: the files read, the seed, how to run it again, who wrote the report. */
final class SettingsSection {
    private static final List<String> CHAT_KEYS = List.of("env", "seed", "pipeline", "chat.labelers", "chat.label.prompts", "chat.label.k",
            "chat.ppo.iterations", "chat.ppo.batch_prompts", "chat.ppo.kl_coef", "chat.ppo.adaptive_kl", "chat.ppo.label_every",
            "chat.model.kind", "chat.model.hidden");
    private static final List<String> CONTROL_KEYS = List.of("env", "seed", "total_timesteps", "num_envs", "num_steps", "hidden",
            "ppo.learning_rate", "ppo.anneal_lr", "ppo.update_epochs", "ppo.num_minibatches", "ppo.clip_coef", "ppo.ent_coef",
            "normalize_observations", "normalize_rewards");

    private SettingsSection() {}

    static void write(Html html, RunData run, ReportInfo info) {
        html.openSection("settings", "Settings and provenance");
        html.table(new Table("provenance", "what", "value")
                .row(Table.Cell.text("run directory"), Table.Cell.text(run.dir().toAbsolutePath().normalize().toString()))
                .row(Table.Cell.text("world"), Table.Cell.text(run.env()))
                .row(Table.Cell.text("seed"), Table.Cell.text(run.seed()))
                .row(Table.Cell.text("state"), Table.Cell.text(state(run)))
                .row(Table.Cell.text("numbers from"), Table.Cell.text("metrics.jsonl (" + run.lines().size() + " lines) and config.conf, "
                        + "as they were when the report was written"))
                .row(Table.Cell.text("run it again"), Table.Cell.text("./alignsim run --config " + run.dir().resolve("config.conf")
                        + " --out NEW_DIRECTORY"))
                .row(Table.Cell.text("report written by"), Table.Cell.text(info.describe())));
        html.note("A run directory does not record which alignsim version ran it; config.conf holds every setting it ran with, "
                + "defaults included.");
        Table main = new Table("main-settings", "setting", "value");
        SortedMap<String, String> settings = run.relevantSettings();
        for (String key : run.chat() ? CHAT_KEYS : CONTROL_KEYS) {
            if (settings.containsKey(key)) {
                main.row(Table.Cell.text(key), Table.Cell.text(settings.get(key)));
            }
        }
        html.table(main);
        html.openDetails("Every setting (" + settings.size() + ")");
        Table all = new Table("all-settings", "setting", "value");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            all.row(Table.Cell.text(e.getKey()), Table.Cell.text(e.getValue()));
        }
        html.table(all).closeDetails();
        html.closeSection();
    }

    /** "complete", or how far a run still going (or stopped) has got. */
    static String state(RunData run) {
        String partial = run.partialLastLine() ? "; its last line was still being written and is left out" : "";
        if (run.complete()) {
            return "complete" + partial;
        }
        long planned = run.plannedIterations();
        int done = run.iterationLines().size();
        String progress = planned > 0 ? done + " of " + planned + (run.chat() ? " PPO iterations" : " iterations") : done + " lines";
        return "in progress or stopped: " + progress + partial;
    }
}
