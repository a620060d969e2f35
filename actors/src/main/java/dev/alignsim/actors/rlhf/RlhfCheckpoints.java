package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.env.rules.RuleWeights;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.LabelerState;
import dev.alignsim.storage.proto.LearnerState;
import dev.alignsim.storage.proto.RlhfState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An RLHF checkpoint to and from its stored record: the policy's and (ppo only) the critic's learners, the reward model's
 * members and the normalisation they score with (the rm stage's, or the last labeling round's when the reward model
 * renormalises), the rule-based reward's weights (when it runs), every labeler's generator and label count, the prompt runner's generator, and the KL coefficient
 * the next iteration starts with.
 */
final class RlhfCheckpoints {
    private RlhfCheckpoints() {}

    /** Every role's state after iteration {@code key}. */
    record Snapshots(LearnerSnapshot policy, Optional<LearnerSnapshot> critic, RewardModelRole.State rewardModel, List<LabelerState> labelers,
            long[] promptRng, Optional<RuleWeights> ruleWeights) {}

    static Checkpoint of(long key, double nextBeta, Snapshots s) {
        RlhfState.Builder state = RlhfState.newBuilder().setKlCoef(nextBeta);
        for (LearnerSnapshot member : s.rewardModel().members()) {
            state.addRewardModels(RecordCodec.learner(member));
        }
        state.addAllLabelers(s.labelers());
        for (long word : s.promptRng()) {
            state.addPromptRng(word);
        }
        s.ruleWeights().ifPresent(w -> {
            for (double x : w.toArray()) {
                state.addRuleWeights(x);
            }
        });
        double[] offsets = s.rewardModel().normalisation().offsets();
        double[] scales = s.rewardModel().normalisation().scales();
        for (int m = 0; m < offsets.length; m++) {
            state.addScoreOffsets(offsets[m]).addScoreScales(scales[m]);
        }
        Checkpoint.Builder checkpoint = Checkpoint.newBuilder().setIteration(key).setPolicy(RecordCodec.learner(s.policy())).setRlhf(state);
        s.critic().ifPresent(c -> checkpoint.setCritic(RecordCodec.learner(c)));
        return checkpoint.build();
    }

    static LearnerSnapshot policy(Checkpoint c) {
        return RecordCodec.learner(c.getPolicy());
    }

    static LearnerSnapshot critic(Checkpoint c) {
        return RecordCodec.learner(c.getCritic());
    }

    private static List<LearnerSnapshot> rewardModels(Checkpoint c) {
        List<LearnerSnapshot> out = new ArrayList<>();
        for (LearnerState s : c.getRlhf().getRewardModelsList()) {
            out.add(RecordCodec.learner(s));
        }
        return out;
    }

    /** The normalisation the reward model scored with at the checkpoint. */
    static ScoreNormalisation normalisation(Checkpoint c) {
        RlhfState state = c.getRlhf();
        return new ScoreNormalisation(state.getScoreOffsetsList().stream().mapToDouble(Double::doubleValue).toArray(),
                state.getScoreScalesList().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Restores the reward model's members and their normalisation as they were at the checkpoint: a resumed or
     * recovered run scores exactly as the uninterrupted one, and the final evaluation scores with the model PPO
     * optimised against.
     */
    static void restoreRewardModel(Checkpoint c, RewardEnsemble ensemble) {
        ScoreNormalisation normalisation = normalisation(c);
        ensemble.restore(rewardModels(c), normalisation.offsets(), normalisation.scales());
    }

    static Optional<LabelerState> labeler(Checkpoint c, String id) {
        return c.getRlhf().getLabelersList().stream().filter(s -> s.getId().equals(id)).findFirst();
    }

    /** The rule-based reward's weights at the checkpoint (empty when the run has no rule reward). */
    static Optional<RuleWeights> ruleWeights(Checkpoint c) {
        List<Double> w = c.getRlhf().getRuleWeightsList();
        return w.isEmpty() ? Optional.empty() : Optional.of(RuleWeights.of(w.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    static long[] promptRng(Checkpoint c) {
        return c.getRlhf().getPromptRngList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The KL coefficient the iteration after the checkpoint starts with. */
    static double beta(Checkpoint c) {
        return c.getRlhf().getKlCoef();
    }
}
