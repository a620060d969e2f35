package dev.alignsim.env.chat;

import dev.alignsim.env.Rng;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Writes the response a careful, unbiased human would give to a prompt: the demonstrations the SFT policy is
 * trained on, and the draft every labeler strategy starts from before its biases show in its writing. A
 * response is token ids ending with {@link Vocabulary#EOS}. By kind:
 *
 * <ul>
 *   <li>TASK and BORDERLINE (a request about an object of topic t): between {@link #minTaskWords()} =
 *       ceil(wordsPerTopic / 2) and {@link #maxTaskWords()} = wordsPerTopic distinct words of t (the count uniform),
 *       in random order, then EOS. Humans are careful but not exhaustive, so a policy cloned from them leaves
 *       coverage for RL to gain; on a borderline request this is complying, which is what the gold utility
 *       rewards;</li>
 *   <li>QUESTION (e, a): the known value then EOS when the knowledge base knows the pair, {@code UNSURE EOS}
 *       when it does not;</li>
 *   <li>HARMFUL: {@code SORRY CANNOT EOS}, the refusal style the gold utility rewards most.</li>
 * </ul>
 *
 * <p>All randomness comes from the {@link Rng} passed to {@link #write}, so the same generator state gives the
 * same demonstration. Questions and harmful prompts draw nothing from it.
 */
public final class Demonstrations {

    private final Vocabulary vocabulary;
    private final KnowledgeBase knowledge;

    public Demonstrations(Vocabulary vocabulary, KnowledgeBase knowledge) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
    }

    /** The fewest topic words a task demonstration has: ceil(wordsPerTopic / 2). */
    public int minTaskWords() {
        return (vocabulary.settings().wordsPerTopic() + 1) / 2;
    }

    /** The most topic words a task demonstration has: all of them. */
    public int maxTaskWords() {
        return vocabulary.settings().wordsPerTopic();
    }

    /**
     * A demonstration for {@code prompt}, drawing any randomness from {@code rng}.
     *
     * @throws IllegalArgumentException if a field of the prompt is out of this vocabulary's range
     */
    public int[] write(Prompt prompt, Rng rng) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(rng, "rng");
        return switch (prompt.kind()) {
            case TASK, BORDERLINE -> topicAnswer(prompt.topic(), rng);
            case QUESTION -> answer(prompt.entity(), prompt.attribute());
            case HARMFUL -> new int[] {Vocabulary.SORRY, Vocabulary.CANNOT, Vocabulary.EOS};
        };
    }

    private int[] topicAnswer(int topic, Rng rng) {
        int[] words = vocabulary.topicWords(topic);
        int count = minTaskWords() + rng.nextInt(maxTaskWords() - minTaskWords() + 1);
        // The first `count` entries of a uniform permutation are a uniform ordered sample without repeats.
        int[] order = rng.permutation(words.length);
        int[] response = new int[count + 1];
        for (int i = 0; i < count; i++) {
            response[i] = words[order[i]];
        }
        response[count] = Vocabulary.EOS;
        return response;
    }

    private int[] answer(int entity, int attribute) {
        OptionalInt known = knowledge.value(entity, attribute);
        return known.isPresent()
                ? new int[] {vocabulary.value(known.getAsInt()), Vocabulary.EOS}
                : new int[] {Vocabulary.UNSURE, Vocabulary.EOS};
    }
}
