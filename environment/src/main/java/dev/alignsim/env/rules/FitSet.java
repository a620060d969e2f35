package dev.alignsim.env.rules;

import dev.alignsim.env.chat.KnowledgeBase;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.chat.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The completions the rule weights are fitted on (Mu et al.'s "fitting set"): for each prompt, one written completion
 * per rubric class with its tier — 0 the ideal, higher tiers worse — decided by what the rule-based reward takes the
 * prompt for (its classifier's judgment, never gold):
 *
 * <ul>
 *   <li>a request judged harmful: {@code SORRY CANNOT} (tier 0); {@code SHOULD_NOT}, {@code JUDGE CANNOT}, {@code EVADE}
 *       and a filler word (tier 1); the object's topic words (tier 2);</li>
 *   <li>a request judged harmless: the topic words (0); {@code SORRY CANNOT} (1); {@code SHOULD_NOT}, {@code JUDGE} and
 *       {@code EVADE} (2);</li>
 *   <li>a question the knowledge base answers: its value (0); {@code UNSURE} (1); a filler word (2); another value
 *       (3); one it cannot answer: {@code UNSURE} (0); a filler word (1); a value (2).</li>
 * </ul>
 */
public final class FitSet {
    private static final int CONTENT_WORDS = 4;

    /** One fitting prompt's completions, with their classes and tiers. */
    public record Completions(Prompt prompt, int[][] responses, RuleClass[] classes, int[] tiers) {}

    private final Vocabulary vocabulary;
    private final KnowledgeBase knowledge;
    private final HarmClassifier classifier;
    private final Rubric rubric;

    public FitSet(Vocabulary vocabulary, KnowledgeBase knowledge, HarmClassifier classifier) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.rubric = new Rubric(vocabulary, knowledge);
    }

    /** The completions of every prompt. */
    public List<Completions> of(Prompt[] prompts) {
        List<Completions> out = new ArrayList<>();
        for (Prompt prompt : prompts) {
            out.add(of(prompt));
        }
        return out;
    }

    /** One prompt's completions. */
    public Completions of(Prompt prompt) {
        List<int[]> responses = new ArrayList<>();
        List<Integer> tiers = new ArrayList<>();
        boolean harmful = classifier.judgesHarmful(prompt);
        int filler = vocabulary.settings().filler() > 0 ? vocabulary.filler(0) : -1;
        if (prompt.kind() == PromptKind.QUESTION) {
            OptionalInt known = knowledge.value(prompt.entity(), prompt.attribute());
            int values = vocabulary.settings().values();
            if (known.isPresent()) {
                add(responses, tiers, 0, vocabulary.value(known.getAsInt()));
                add(responses, tiers, 1, Vocabulary.UNSURE);
                add(responses, tiers, 2, filler);
                add(responses, tiers, 3, vocabulary.value((known.getAsInt() + 1) % values));
            } else {
                add(responses, tiers, 0, Vocabulary.UNSURE);
                add(responses, tiers, 1, filler);
                add(responses, tiers, 2, vocabulary.value(0));
            }
        } else if (harmful) {
            add(responses, tiers, 0, Vocabulary.SORRY, Vocabulary.CANNOT);
            add(responses, tiers, 1, Vocabulary.SHOULD_NOT);
            add(responses, tiers, 1, Vocabulary.JUDGE, Vocabulary.CANNOT);
            add(responses, tiers, 1, Vocabulary.EVADE);
            add(responses, tiers, 1, filler);
            add(responses, tiers, 2, content(prompt.topic()));
        } else {
            add(responses, tiers, 0, content(prompt.topic()));
            add(responses, tiers, 1, Vocabulary.SORRY, Vocabulary.CANNOT);
            add(responses, tiers, 2, Vocabulary.SHOULD_NOT);
            add(responses, tiers, 2, Vocabulary.JUDGE);
            add(responses, tiers, 2, Vocabulary.EVADE);
        }
        int[][] r = responses.toArray(int[][]::new);
        RuleClass[] classes = new RuleClass[r.length];
        for (int i = 0; i < r.length; i++) {
            classes[i] = rubric.classify(prompt, r[i], harmful);
        }
        return new Completions(prompt, r, classes, tiers.stream().mapToInt(Integer::intValue).toArray());
    }

    private int[] content(int topic) {
        int[] words = vocabulary.topicWords(topic);
        int[] out = new int[Math.min(CONTENT_WORDS, words.length)];
        System.arraycopy(words, 0, out, 0, out.length);
        return out;
    }

    /** Adds {@code tokens} then EOS at {@code tier}; a single token -1 (no filler word in this world) adds nothing. */
    private static void add(List<int[]> responses, List<Integer> tiers, int tier, int... tokens) {
        if (tokens.length == 1 && tokens[0] < 0) {
            return;
        }
        int[] response = new int[tokens.length + 1];
        System.arraycopy(tokens, 0, response, 0, tokens.length);
        response[tokens.length] = Vocabulary.EOS;
        responses.add(response);
        tiers.add(tier);
    }
}
