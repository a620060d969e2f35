package dev.alignsim.actors.experiment;

import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.policy.preference.SegmentRewardSettings;
import dev.alignsim.policy.tamer.TamerSettings;
import java.util.List;
import java.util.Objects;

/**
 * Human feedback on a control world ({@code alignsim.feedback}): with {@link Mode#PREFERENCES}, PPO learns from a
 * reward model trained on labelers' comparisons of trajectory segments (Christiano et al. 2017) instead of the world's
 * reward, which is then only reported ({@code objective/true_return}); with {@link Mode#TAMER}, no PPO: a labeler judges
 * every action and the agent acts greedily on a regression of its judgements (Knox and Stone 2009; {@code TamerRun}).
 *
 * @param mode none (PPO on the world's reward), preferences or tamer
 * @param labelers who compares segments; comparison n goes to a labeler fixed by n, in proportion to shares
 * @param segmentLength steps per segment (at most num_steps)
 * @param labels comparisons over the run
 * @param initialLabels of which on the first rollout
 * @param labelDecaySteps env steps after which the label rate has halved
 * @param pairSelection random pairs, or the most disputed of {@code disagreementOversample} times as many
 * @param disagreementOversample candidate pairs per pair kept, for disagreement selection
 * @param replay stored comparisons replayed beside each round's new ones when the reward model trains
 * @param rewardModel the reward model and its training
 * @param tamer TAMER's learner, judgements and training (mode tamer only)
 */
public record FeedbackSettings(Mode mode, List<LabelerSpec> labelers, int segmentLength, int labels, int initialLabels,
        long labelDecaySteps, PairSelection pairSelection, int disagreementOversample, int replay,
        SegmentRewardSettings rewardModel, TamerSettings tamer) {

    /** Where the reward PPO learns from comes from, or TAMER instead of PPO. */
    public enum Mode { NONE, PREFERENCES, TAMER }

    public enum PairSelection { RANDOM, DISAGREEMENT }

    public FeedbackSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(pairSelection, "pairSelection");
        Objects.requireNonNull(rewardModel, "rewardModel");
        Objects.requireNonNull(tamer, "tamer");
        labelers = List.copyOf(labelers);
        if (mode != Mode.NONE && labelers.isEmpty()) {
            throw new IllegalArgumentException("feedback.labelers must name at least one labeler");
        }
        if (segmentLength < 1) {
            throw new IllegalArgumentException("feedback.segment_length must be >= 1, got " + segmentLength);
        }
        if (disagreementOversample < 1) {
            throw new IllegalArgumentException("feedback.disagreement_oversample must be >= 1, got " + disagreementOversample);
        }
        if (replay < 0) {
            throw new IllegalArgumentException("feedback.replay must be >= 0, got " + replay);
        }
        if (pairSelection == PairSelection.DISAGREEMENT && mode == Mode.PREFERENCES && rewardModel.ensembleSize() < 2) {
            throw new IllegalArgumentException("feedback.pair_selection = disagreement needs feedback.rm.ensemble_size >= 2, got "
                    + rewardModel.ensembleSize());
        }
    }

    /** PPO on the world's reward. */
    public static FeedbackSettings none() {
        return new FeedbackSettings(Mode.NONE, List.of(), 1, 1, 0, 1, PairSelection.RANDOM, 1, 0,
                new SegmentRewardSettings(new int[] {1}, 1, 1, 1, 1.0, 1.0, SegmentRewardSettings.Scale.RMS),
                new TamerSettings(new int[] {1}, 1, 0, 1, 1, 1, 1, 1.0));
    }

    /** Whether PPO learns from preferences (the control-world coordinator's feedback phase). */
    public boolean enabled() {
        return mode == Mode.PREFERENCES;
    }

    /** Whether the run is TAMER's instead of PPO's. */
    public boolean tamerMode() {
        return mode == Mode.TAMER;
    }
}
