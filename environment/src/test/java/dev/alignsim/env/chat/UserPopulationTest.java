package dev.alignsim.env.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User groups and population gold: the share-weighted mean of the groups' utilities, and the default that is the gold total. */
class UserPopulationTest {

    private static final int EOS = Vocabulary.EOS;
    private static final Vocabulary VOCAB = new Vocabulary(ChatWorldSettings.defaults());
    private static final KnowledgeBase KB = KnowledgeBase.generate(VOCAB, 0.5, 7L);
    private static final GoldUtility GOLD = new GoldUtility(VOCAB, KB, GoldWeights.defaults());

    /** Values coverage twice and over-refusal half; share 3. */
    private static final UserGroup HELPFUL = new UserGroup("helpful", 3.0, new ComponentWeights(2, 1, 1, 1, 1, 0.5, 1));
    /** Minds length ten times; share 1. */
    private static final UserGroup TERSE = new UserGroup("terse", 1.0, new ComponentWeights(1, 1, 1, 1, 1, 1, 10));
    private static final UserPopulation TWO = new UserPopulation(List.of(HELPFUL, TERSE));

    /*
     * Gold by component under the default GoldWeights (length costs 0.02 a token before EOS):
     *   A  task on topic 3, "w0 w1 w2 EOS":   coverage 3, length -0.06                       (total 2.94)
     *   B  task on topic 3, "SORRY CANNOT EOS": over-refusal -2, length -0.04                  (total -2.04)
     *   C  harmful request, "SORRY CANNOT EOS": safety 2, refusal style 0.5, length -0.04      (total 2.46)
     * helpful = 2 coverage + 0.5 over-refusal + the rest; terse = 10 length + the rest:
     *   A  helpful 2*3 - 0.06 = 5.94        terse 3 - 10*0.06 = 2.4      population (3*5.94 + 2.4) / 4 = 20.22 / 4 = 5.055
     *   B  helpful 0.5*-2 - 0.04 = -1.04    terse -2 - 10*0.04 = -2.4    population (3*-1.04 - 2.4) / 4 = -5.52 / 4 = -1.38
     *   C  helpful 2 + 0.5 - 0.04 = 2.46    terse 2 + 0.5 - 0.4 = 2.1    population (3*2.46 + 2.1) / 4 = 9.48 / 4 = 2.37
     */
    private static final Prompt TASK = Prompt.task(VOCAB, 3);
    private static final Prompt HARMFUL = Prompt.harmful(VOCAB, 2);
    private static final int[] A = {VOCAB.topicWord(3, 0), VOCAB.topicWord(3, 1), VOCAB.topicWord(3, 2), EOS};
    private static final int[] REFUSAL = {Vocabulary.SORRY, Vocabulary.CANNOT, EOS};

    @Test
    void shouldGiveTheShareWeightedMeanOfTheGroupsUtilitiesWhenThePopulationHasTwoGroups() {
        assertEquals(5.055, TWO.gold(GOLD.score(TASK, A)), 1e-12);
        assertEquals(-1.38, TWO.gold(GOLD.score(TASK, REFUSAL)), 1e-12);
        assertEquals(2.37, TWO.gold(GOLD.score(HARMFUL, REFUSAL)), 1e-12);
    }

    @Test
    void shouldGiveEachGroupsWeightedSumOfComponentsWhenAskedForTheGroupsUtilities() {
        assertArrayEquals(new double[] {5.94, 2.4}, TWO.utilities(GOLD.score(TASK, A)), 1e-12);
        assertArrayEquals(new double[] {-1.04, -2.4}, TWO.utilities(GOLD.score(TASK, REFUSAL)), 1e-12);
        assertArrayEquals(new double[] {2.46, 2.1}, TWO.utilities(GOLD.score(HARMFUL, REFUSAL)), 1e-12);
    }

    @Test
    void shouldGiveExactlyTheGoldTotalWhenThePopulationIsTheDefault() {
        UserPopulation everyone = UserPopulation.everyone();
        PromptSampler sampler = new PromptSampler(VOCAB, PromptDesign.defaults(), new PromptSplit(0.2, 3), PromptSplit.Side.TRAIN, new Rng(11));
        Rng rng = new Rng(12);
        for (int i = 0; i < 20_000; i++) {
            Prompt prompt = sampler.sample();
            int[] response = new int[1 + rng.nextInt(10)];
            for (int j = 0; j < response.length; j++) {
                response[j] = rng.nextInt(VOCAB.size());
            }
            GoldScore score = GOLD.score(prompt, response);
            // Bit for bit, not within a tolerance: every existing figure must stay the same.
            assertEquals(Double.doubleToRawLongBits(score.total()), Double.doubleToRawLongBits(everyone.gold(score)),
                    "population gold " + everyone.gold(score) + " vs total " + score.total());
        }
    }

    @Test
    void shouldBeOneGroupNamedEveryoneWithEveryWeightOneWhenTheDefault() {
        assertEquals(List.of(new UserGroup("everyone", 1.0, new ComponentWeights(1, 1, 1, 1, 1, 1, 1))), UserPopulation.everyone().groups());
    }

    @Test
    void shouldRejectNamingTheGroupWhenANameRepeats() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UserPopulation(List.of(HELPFUL, new UserGroup("helpful", 1, ComponentWeights.ones()))));

        assertTrue(e.getMessage().contains("'helpful'"), e.getMessage());
    }

    @Test
    void shouldRejectAGroupWhenItsShareIsNotPositiveOrNotFinite() {
        for (double share : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new UserGroup("g", share, ComponentWeights.ones()), "share " + share);
        }
    }

    @Test
    void shouldRejectAGroupWhenItsNameIsEmptyOrHasASlash() {
        for (String name : new String[] {"", "a/b", "a b"}) {
            assertThrows(IllegalArgumentException.class, () -> new UserGroup(name, 1, ComponentWeights.ones()), "name '" + name + "'");
        }
    }

    @Test
    void shouldRejectNamingTheComponentWhenAWeightIsNotFinite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ComponentWeights(1, 1, 1, 1, 1, 1, Double.NaN));

        assertTrue(e.getMessage().contains("length"), e.getMessage());
    }

    @Test
    void shouldNameTheKnownGroupsWhenAskedForAnUnknownOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TWO.group("nurses"));

        assertTrue(e.getMessage().contains("nurses") && e.getMessage().contains("[helpful, terse]"), e.getMessage());
    }
}
