package dev.alignsim.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.GoldComponents;
import dev.alignsim.storage.proto.JudgedResponse;
import dev.alignsim.storage.rocks.StoreOptions;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Sample prompt → response transcripts with gold's components: one prompt of each kind from the label stage (the
 * reference's answers) and from the last labeling round during PPO (the policy's), every answer in the labeler's
 * order. Transcripts are only in the store, which this reads read-only (as {@code alignsim inspect} does: no lock,
 * so a live run can be read).
 */
final class TranscriptSection {
    private static final String WORLD = "chat.world.";
    /** Comparisons of each kind looked at for the one shown. */
    private static final int CANDIDATES = 32;
    /** The settings that size ChatWorld's vocabulary, in the order of {@link ChatWorldSettings}'s constructor. */
    private static final List<String> WORLD_SIZES = List.of("topics", "words_per_topic", "objects_per_topic", "dangerous_per_topic",
            "harm_categories", "benign_intents", "harmful_intents", "ambiguous_intents", "safe_contexts", "risky_contexts", "templates",
            "entities", "attributes", "values", "filler");

    private TranscriptSection() {}

    static void write(Html html, RunData run, List<String> notShown) {
        Map<String, Long> sources = new LinkedHashMap<>();
        run.stageLine("label").ifPresent(line -> sources.put("label stage: the SFT reference's answers", line.path("iteration").asLong()));
        List<JsonNode> rounds = run.ppoLines().stream().filter(n -> n.path("label/comparisons").isNumber()).toList();
        if (!rounds.isEmpty()) {
            JsonNode last = rounds.get(rounds.size() - 1);
            sources.put("labeling round at PPO iteration " + last.path(ChatSections.X).asLong() + ": the policy's answers",
                    last.path("iteration").asLong());
        }
        if (sources.isEmpty()) {
            notShown.add("Transcripts: nothing has been labeled yet, and only labeled answers are stored with gold's components.");
            return;
        }
        Map<String, List<Comparison>> samples = new LinkedHashMap<>();
        try (RunStore store = RunStore.open(run.dir(), false, StoreOptions.defaults())) {
            for (Map.Entry<String, Long> source : sources.entrySet()) {
                samples.put(source.getKey(), onePerKind(store, source.getValue()));
            }
        } catch (RuntimeException e) {
            notShown.add("Transcripts: the run's store cannot be read (" + e.getMessage() + ").");
            return;
        }
        IntFunction<String> names = tokenNames(run, notShown);
        html.openSection("transcripts", "Sample transcripts");
        html.note("Answers in the order the labeler ranked them (best first), with the hidden gold utility and its components.");
        int table = 0;
        for (Map.Entry<String, List<Comparison>> source : samples.entrySet()) {
            html.heading(source.getKey());
            for (Comparison comparison : source.getValue()) {
                html.paragraph("[" + comparison.getPromptKind() + "] " + render(comparison.getPromptTokensList(), names) + "  (labeler "
                        + comparison.getLabelerId() + ", " + comparison.getStrategy() + ")");
                html.table(responses("transcript-" + table++, comparison, names));
            }
        }
        html.closeSection();
    }

    /**
     * One stored comparison of each prompt kind of one iteration: of the first {@link #CANDIDATES} of the kind, the one
     * whose answers differ most in gold (identical answers teach nothing). Scans the keys and stops once every kind has
     * its candidates, rather than reading the iteration's thousands of comparisons ({@code ComparisonRepository.range} would).
     */
    private static List<Comparison> onePerKind(RunStore store, long iteration) {
        Map<String, Comparison> best = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        store.comparisons().visit(iteration, iteration, comparison -> {
            String kind = comparison.getPromptKind();
            if (seen.merge(kind, 1, Integer::sum) <= CANDIDATES
                    && (!best.containsKey(kind) || goldRange(comparison) > goldRange(best.get(kind)))) {
                best.put(kind, comparison);
            }
            return seen.size() < PromptKind.values().length || seen.values().stream().anyMatch(n -> n < CANDIDATES);
        });
        return new ArrayList<>(best.values());
    }

    private static double goldRange(Comparison comparison) {
        DoubleSummaryStatistics gold = comparison.getResponsesList().stream().mapToDouble(r -> r.getGold().getTotal()).summaryStatistics();
        return gold.getMax() - gold.getMin();
    }

    private static Table responses(String id, Comparison comparison, IntFunction<String> names) {
        Table table = new Table(id, "rank", "response", "gold", "coverage", "correctness", "hallucination", "safety", "refusal style", "over-refusal",
                "length");
        for (int rank = 0; rank < comparison.getRankingCount(); rank++) {
            JudgedResponse response = comparison.getResponses(comparison.getRanking(rank));
            GoldComponents gold = response.getGold();
            table.row(Table.Cell.text(String.valueOf(rank + 1)), Table.Cell.text(render(response.getTokensList(), names)),
                    Table.Cell.number(gold.getTotal()), Table.Cell.number(gold.getCoverage()), Table.Cell.number(gold.getCorrectness()),
                    Table.Cell.number(gold.getHallucination()), Table.Cell.number(gold.getSafety()), Table.Cell.number(gold.getRefusalStyle()),
                    Table.Cell.number(gold.getOverRefusal()),
                    Table.Cell.number(gold.getLength()));
        }
        return table;
    }

    private static String render(List<Integer> tokens, IntFunction<String> names) {
        StringBuilder text = new StringBuilder();
        for (int token : tokens) {
            if (token == Vocabulary.PAD || token == Vocabulary.BOS || token == Vocabulary.SEP) {
                continue;
            }
            text.append(text.length() == 0 ? "" : " ").append(names.apply(token));
            if (token == Vocabulary.EOS) {
                break;
            }
        }
        return text.toString();
    }

    /**
     * Token names from the run's vocabulary, which its {@code chat.world} sizes fix (config.conf holds them all, defaults
     * included); by id where they are missing. Read from the settings directly rather than through the settings loader,
     * which checks every other key too and would refuse the config of an older version.
     */
    private static IntFunction<String> tokenNames(RunData run, List<String> notShown) {
        try {
            int[] sizes = WORLD_SIZES.stream().mapToInt(key -> Integer.parseInt(run.settings().getOrDefault(WORLD + key, "?"))).toArray();
            Vocabulary vocabulary = new Vocabulary(new ChatWorldSettings(sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5],
                    sizes[6], sizes[7], sizes[8], sizes[9], sizes[10], sizes[11], sizes[12], sizes[13], sizes[14]));
            return id -> id >= 0 && id < vocabulary.size() ? vocabulary.name(id) : "#" + id;
        } catch (IllegalArgumentException e) {
            notShown.add("Token names in transcripts: config.conf does not give the vocabulary's sizes (" + WORLD + "*: "
                    + e.getMessage() + "); tokens are shown by id.");
            return id -> "#" + id;
        }
    }
}
