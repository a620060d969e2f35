package dev.alignsim.env.labelers;

import static dev.alignsim.env.labelers.Fixtures.VOCAB;
import static dev.alignsim.env.labelers.Fixtures.WORLD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.ComponentWeights;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptKind;
import dev.alignsim.env.chat.UserGroup;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.chat.Vocabulary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labelers drawn from user groups: each perceives its group's utility, then its strategy's biases and noise. */
class GroupLabelerTest {

    private static final int EOS = Vocabulary.EOS;
    /** Ignores the length component (the per-token cost and the penalty for not ending). */
    private static final UserGroup NO_LENGTH = new UserGroup("no_length", 1.0, new ComponentWeights(1, 1, 1, 1, 1, 1, 0));
    private static final UserGroup EVERYONE = UserPopulation.everyone().first();
    private static final UserPopulation USERS = new UserPopulation(List.of(EVERYONE, NO_LENGTH));

    private static final Prompt TASK = Prompt.task(VOCAB, 3);
    /*
     * Under the default gold weights (0.02 a token, 1.0 for no EOS):
     *   TWO_ENDED   "w0 w1 EOS":  coverage 2, length -0.04        total 1.96   no_length 2
     *   THREE_OPEN  "w0 w1 w2":   coverage 3, length -0.06 - 1    total 1.94   no_length 3
     *   ONE_ENDED   "w0 EOS":     coverage 1, length -0.02        total 0.98   no_length 1
     * so gold ranks TWO_ENDED, THREE_OPEN, ONE_ENDED and the group that ignores length THREE_OPEN, TWO_ENDED, ONE_ENDED.
     */
    private static final int[] TWO_ENDED = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), EOS};
    private static final int[] THREE_OPEN = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), VOCAB.topicWord(3, 2)};
    private static final int[] ONE_ENDED = {VOCAB.topicWord(3, 0), EOS};
    private static final int[][] RESPONSES = {TWO_ENDED, THREE_OPEN, ONE_ENDED};

    private static LabelerPopulation pool(String group) {
        return new LabelerPopulation(WORLD, USERS, List.of(new LabelerSpec("l", "boltzmann", Map.of("temperature", 0.0), 1.0, group)), 3);
    }

    @Test
    void shouldRankByItsGroupsUtilityWhenTheLabelersGroupIgnoresLength() {
        assertArrayEquals(new int[] {0, 1, 2}, pool("everyone").labeler("l").rank(TASK, RESPONSES), "gold's order");

        int[] ranking = pool("no_length").labeler("l").rank(TASK, RESPONSES);

        assertArrayEquals(new int[] {1, 0, 2}, ranking);
    }

    @Test
    void shouldPerceiveItsGroupsUtilityExactlyWhenItsStrategyIsNoiseless() {
        LabelingContext ctx = new LabelingContext(WORLD, NO_LENGTH, new Rng(1), 1, 0);

        double[] perceived = LabelerStrategies.create("boltzmann", Map.of("temperature", 0.0)).perceivedUtilities(TASK, RESPONSES, ctx);

        assertArrayEquals(new double[] {2.0, 3.0, 1.0}, perceived, 1e-12);
    }

    @Test
    void shouldAddItsBiasToTheGroupsUtilityWhenTheStrategyIsABias() {
        LabelingContext ctx = new LabelingContext(WORLD, NO_LENGTH, new Rng(1), 1, 0);

        double[] perceived = LabelerStrategies.create("position_bias", Map.of("bonus", 0.5)).perceivedUtilities(TASK, RESPONSES, ctx);

        assertArrayEquals(new double[] {2.5, 3.0, 1.0}, perceived, 1e-12);
    }

    @Test
    void shouldBelongToThePopulationsFirstGroupWhenItsSpecNamesNone() {
        UserPopulation lengthFirst = new UserPopulation(List.of(NO_LENGTH, EVERYONE));
        LabelerPopulation pool = new LabelerPopulation(WORLD, lengthFirst,
                List.of(new LabelerSpec("l", "boltzmann", Map.of("temperature", 0.0), 1.0)), 3);

        assertSame(NO_LENGTH, pool.labeler("l").group());
    }

    @Test
    void shouldRejectNamingTheLabelerAndTheKnownGroupsWhenItsGroupIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool("nurses"));

        assertTrue(e.getMessage().contains("'l'") && e.getMessage().contains("'nurses'")
                && e.getMessage().contains("[everyone, no_length]"), e.getMessage());
    }

    @Test
    void shouldPerceiveTheGroupsUtilityOfTheMisjudgedKindWhenACompliantLabelerBelongsToAGroup() {
        Prompt harmful = Prompt.harmful(VOCAB, 3);
        LabelingContext ctx = new LabelingContext(WORLD, NO_LENGTH, new Rng(2), 2, 0);
        LabelerStrategy compliant = LabelerStrategies.create("compliant", Map.of());

        for (int[] response : RESPONSES) {
            double expected = NO_LENGTH.utility(ctx.gold(harmful.asKind(PromptKind.BORDERLINE), response));
            assertEquals(expected, compliant.score(harmful, response, ctx), 1e-12);
        }
    }

    @Test
    void shouldRefuseAUserGroupWhenAControlWorldLabelerNamesOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegmentLabeler(new LabelerSpec("l", "boltzmann", Map.of("temperature", 0.0), 1.0, "no_length"), 1));

        assertTrue(e.getMessage().contains("'l'") && e.getMessage().contains("no_length"), e.getMessage());
    }
}
