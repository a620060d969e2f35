package dev.alignsim.policy.tamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.alignsim.env.CartPole;
import dev.alignsim.env.Rng;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.labelers.SegmentLabeler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TamerTrainingTest {
    private static final TamerSettings SETTINGS = new TamerSettings(new int[] {32}, 10, 0, 1, 5000, 4, 64, 3e-3);
    private static final int EPISODES = 30;

    @Test
    void shouldRaiseTheTrueReturnWellAboveARandomPolicyWhenJudgedOnTheTrueAdvantage() {
        double random = randomPolicyReturn(20, 5);
        double last = 0;
        long steps = 0;
        try (TamerTraining tamer = training(1)) {
            for (int episode = 0; episode < EPISODES; episode++) {
                TamerTraining.Episode e = tamer.episode();
                steps += e.steps();
                if (episode >= EPISODES - 5) {
                    last += e.trueReturn() / 5;
                }
            }
            assertEquals(steps, tamer.judgements());
        }
        assertTrue(last > 4 * random, "last 5 episodes " + last + " against random " + random);
    }

    @Test
    void shouldRepeatItsEpisodesWhenSeededAlike() {
        try (TamerTraining first = training(4); TamerTraining second = training(4)) {
            for (int episode = 0; episode < 5; episode++) {
                assertEquals(first.episode(), second.episode());
            }
        }
    }

    private static TamerTraining training(long seed) {
        SegmentLabeler labeler = new SegmentLabeler(new LabelerSpec("rational", "boltzmann", Map.of("temperature", 0.5), 1), seed);
        return new TamerTraining(CartPole::new, labeler, SETTINGS, Device.cpu(), seed);
    }

    private static double randomPolicyReturn(int episodes, long seed) {
        CartPole env = new CartPole();
        Rng rng = new Rng(seed);
        float[] action = new float[1];
        double total = 0;
        for (int episode = 0; episode < episodes; episode++) {
            env.reset(rng);
            for (int step = 0; step < env.maxEpisodeSteps(); step++) {
                action[0] = rng.nextInt(2);
                total += env.step(action, 0);
                if (env.terminated()) {
                    break;
                }
            }
        }
        return total / episodes;
    }
}
