package dev.alignsim.env.labelers;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.Demonstrations;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.Vocabulary;
import java.util.Arrays;
import java.util.Objects;

/**
 * A labeler's decision rule, as a latent-utility model: the labeler perceives a utility for each response
 * (its user group's utility, {@link LabelingContext#utility} — the gold total for the default group — changed by the
 * strategy's biases and noise) and ranks by it. Everything a labeler reports
 * (a ranking of K responses, a pairwise choice, a TAMER-style scalar score) derives from the one method
 * {@link #perceive}; strategies compose by applying their {@code perceive} in turn (see
 * {@link CompositeStrategy}).
 *
 * <p>Responses are given in presentation order: index 0 is shown first. Ties in perceived utility are
 * broken uniformly at random with the labeler's {@link Rng}.
 *
 * <p>A labeler can also write a response itself ({@link #demonstrate}): the careful human draft of
 * {@link Demonstrations}, passed through {@link #reviseDemonstration}, where a strategy whose bias would show
 * in writing (a labeler who does not know a fact guesses; one who likes length pads) changes the draft.
 */
public interface LabelerStrategy {

    /**
     * Changes the perceived utilities in place. On entry {@code utilities[i]} is the utility perceived so
     * far for {@code responses[i]}: the labeler's group's utility ({@link LabelingContext#utility}; the gold total
     * for the default group) for a strategy used alone or first in a chain, the output of the previous stage
     * otherwise.
     *
     * @param prompt the prompt answered
     * @param responses the K candidate responses in presentation order (token ids)
     * @param utilities the K perceived utilities, updated in place
     * @param context the world, the labeler's generator and its history
     */
    void perceive(Prompt prompt, int[][] responses, double[] utilities, LabelingContext context);

    /** The perceived utility of each response: its group's utilities (gold totals by default), passed through {@link #perceive}. */
    default double[] perceivedUtilities(Prompt prompt, int[][] responses, LabelingContext context) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(responses, "responses");
        Objects.requireNonNull(context, "context");
        if (responses.length == 0) {
            throw new IllegalArgumentException("responses must not be empty");
        }
        double[] utilities = new double[responses.length];
        for (int i = 0; i < responses.length; i++) {
            utilities[i] = context.utility(prompt, Objects.requireNonNull(responses[i], "responses[" + i + "]"));
        }
        perceive(prompt, responses, utilities, context);
        for (int i = 0; i < utilities.length; i++) {
            if (Double.isNaN(utilities[i])) {
                throw new IllegalStateException("perceived utility of response " + i + " is NaN");
            }
        }
        return utilities;
    }

    /** A ranking of the K responses, best first: a permutation of {@code 0..K-1}. */
    default int[] rank(Prompt prompt, int[][] responses, LabelingContext context) {
        return rankByUtility(perceivedUtilities(prompt, responses, context), context.rng());
    }

    /** The preferred one of two responses: 0 for {@code first} (shown first), 1 for {@code second}. */
    default int choose(Prompt prompt, int[] first, int[] second, LabelingContext context) {
        return rank(prompt, new int[][] {first, second}, context)[0];
    }

    /** A TAMER-style scalar score of one response: its perceived utility when shown alone. */
    default double score(Prompt prompt, int[] response, LabelingContext context) {
        return perceivedUtilities(prompt, new int[][] {response}, context)[0];
    }

    /**
     * A demonstration (a written response, for SFT) of {@code prompt}: the {@link Demonstrations} draft,
     * drawn with the labeler's generator, passed through {@link #reviseDemonstration}.
     *
     * @throws IllegalStateException if the revision returns null, an id outside the vocabulary, or a response
     *     that does not end with {@link Vocabulary#EOS}
     */
    default int[] demonstrate(Prompt prompt, LabelingContext context) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(context, "context");
        int[] draft = new Demonstrations(context.vocabulary(), context.knowledge()).write(prompt, context.rng());
        int[] revised = reviseDemonstration(prompt, draft, context);
        if (revised == null) {
            throw new IllegalStateException("revised demonstration is null");
        }
        int size = context.vocabulary().size();
        for (int i = 0; i < revised.length; i++) {
            if (revised[i] < 0 || revised[i] >= size) {
                throw new IllegalStateException("revised demonstration token " + i + " is " + revised[i]
                        + ", not a vocabulary id in [0, " + size + ")");
            }
        }
        if (revised.length == 0 || revised[revised.length - 1] != Vocabulary.EOS) {
            throw new IllegalStateException("revised demonstration must end with EOS, got "
                    + Arrays.toString(revised));
        }
        return revised;
    }

    /**
     * Changes a demonstration the way this strategy's bias shows in writing; the identity by default, which
     * suits strategies that are only noise (a noisy labeler still writes the careful draft). On entry
     * {@code draft} is the {@link Demonstrations} draft for a strategy used alone or first in a chain, the
     * previous stage's revision otherwise. It may be returned itself, changed in place, or replaced; the
     * result must end with {@link Vocabulary#EOS}. Draw any randomness from {@code context.rng()}.
     *
     * @param prompt the prompt answered
     * @param draft the response so far (token ids ending with EOS)
     * @param context the world, the labeler's generator and its history
     * @return the revised response
     */
    default int[] reviseDemonstration(Prompt prompt, int[] draft, LabelingContext context) {
        return draft;
    }

    /** Indices sorted by utility, highest first, ties broken uniformly at random. */
    static int[] rankByUtility(double[] utilities, Rng rng) {
        int[] shuffled = rng.permutation(utilities.length);
        Integer[] order = new Integer[utilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = shuffled[i];
        }
        // A stable sort of a uniformly shuffled order breaks ties uniformly.
        Arrays.sort(order, (a, b) -> Double.compare(utilities[b], utilities[a]));
        int[] ranking = new int[order.length];
        for (int i = 0; i < ranking.length; i++) {
            ranking[i] = order[i];
        }
        return ranking;
    }
}
