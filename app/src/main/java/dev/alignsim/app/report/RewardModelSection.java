package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The reward model against held-out labels and against gold, and the labelers against gold: once after the rm
 * stage, then at every labeling round during PPO (measured on the new rankings before the reward model trains on
 * them).
 */
final class RewardModelSection {
    private static final String HELDOUT = "rm/accuracy_heldout";
    private static final String GOLD = "rm/accuracy_gold";
    private static final String AGREEMENT = "labelers/agreement";

    private RewardModelSection() {}

    private static Table table(String id) {
        return new Table(id, "measured", "RM accuracy on held-out labels", "RM accuracy against gold", "labelers' agreement with gold");
    }

    static void write(Html html, RunData run, List<String> notShown) {
        List<JsonNode> rounds = run.ppoLines().stream().filter(n -> n.path(HELDOUT).isNumber()).toList();
        boolean staged = run.stageLine("rm").isPresent() || run.stageLine("label").isPresent();
        if (!staged && rounds.isEmpty()) {
            notShown.add("Reward-model accuracy and labeler agreement: the run has labeled nothing yet.");
            return;
        }
        html.openSection("reward-model", "Reward model and labelers");
        Table table = table("reward-model-table");
        run.stageLine("label").ifPresent(line -> table.row(Table.Cell.text("label stage (reference's answers)"), Table.Cell.text(Numbers.MISSING),
                Table.Cell.text(Numbers.MISSING), Table.Cell.number(RunData.value(line, AGREEMENT))));
        run.stageLine("rm").ifPresent(line -> table.row("rm stage (held-out comparisons)", RunData.value(line, HELDOUT),
                RunData.value(line, GOLD), RunData.value(line, AGREEMENT)));
        Table everyRound = table("labeling-rounds");
        for (JsonNode round : rounds) {
            everyRound.row("labeling round at PPO iteration " + round.path(ChatSections.X).asLong(), RunData.value(round, HELDOUT),
                    RunData.value(round, GOLD), RunData.value(round, AGREEMENT));
        }
        if (!rounds.isEmpty()) {
            table.row(everyRound.rows().get(everyRound.rows().size() - 1).toArray(Table.Cell[]::new));
        }
        if (rounds.size() >= 2) {
            html.figure(Figures.lines(new Figures.Spec("figure-reward-model", "Reward model and labelers during PPO", ChatSections.X_LABEL,
                    "accuracy", "At each labeling round, on the current policy's answers: the reward model's pairwise accuracy against "
                            + "the new labels and against gold, and the labelers' agreement with gold (pairs closer in gold than "
                            + "chat.eval.gold_threshold are not counted)."),
                    List.of(Series.of("RM vs labels", rounds, ChatSections.X, HELDOUT), Series.of("RM vs gold", rounds, ChatSections.X, GOLD),
                            Series.of("labelers vs gold", rounds, ChatSections.X, AGREEMENT))));
        } else {
            html.note("No labeling rounds during PPO to draw (they run every chat.ppo.label_every iterations when it is above 0).");
        }
        html.table(table);
        if (!rounds.isEmpty()) {
            html.openDetails("Every labeling round (" + rounds.size() + ")").table(everyRound).closeDetails();
        }
        html.closeSection();
    }
}
