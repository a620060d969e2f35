package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.replay.RecordCodec;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.LabelerState;
import dev.alignsim.storage.proto.LearnerState;
import dev.alignsim.storage.proto.RlhfState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An RLHF checkpoint to and from its stored record: the policy's and the critic's learners, the reward model's
 * members, every labeler's generator and label count, the prompt runner's generator, the KL coefficient the next
 * iteration starts with, and the reward model's normalisation.
 */
final class RlhfCheckpoints {
    private RlhfCheckpoints() {}

    /** Every role's state after iteration {@code key}. */
    record Snapshots(LearnerSnapshot policy, LearnerSnapshot critic, List<LearnerSnapshot> rewardModels, List<LabelerState> labelers,
            long[] promptRng) {}

    static Checkpoint of(long key, double nextBeta, Snapshots s, double[] scoreOffsets, double[] scoreScales) {
        RlhfState.Builder state = RlhfState.newBuilder().setKlCoef(nextBeta);
        for (LearnerSnapshot member : s.rewardModels()) {
            state.addRewardModels(RecordCodec.learner(member));
        }
        state.addAllLabelers(s.labelers());
        for (long word : s.promptRng()) {
            state.addPromptRng(word);
        }
        for (int m = 0; m < scoreOffsets.length; m++) {
            state.addScoreOffsets(scoreOffsets[m]).addScoreScales(scoreScales[m]);
        }
        return Checkpoint.newBuilder().setIteration(key).setPolicy(RecordCodec.learner(s.policy()))
                .setCritic(RecordCodec.learner(s.critic())).setRlhf(state).build();
    }

    static LearnerSnapshot policy(Checkpoint c) {
        return RecordCodec.learner(c.getPolicy());
    }

    static LearnerSnapshot critic(Checkpoint c) {
        return RecordCodec.learner(c.getCritic());
    }

    static List<LearnerSnapshot> rewardModels(Checkpoint c) {
        List<LearnerSnapshot> out = new ArrayList<>();
        for (LearnerState s : c.getRlhf().getRewardModelsList()) {
            out.add(RecordCodec.learner(s));
        }
        return out;
    }

    static Optional<LabelerState> labeler(Checkpoint c, String id) {
        return c.getRlhf().getLabelersList().stream().filter(s -> s.getId().equals(id)).findFirst();
    }

    static long[] promptRng(Checkpoint c) {
        return c.getRlhf().getPromptRngList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The KL coefficient the iteration after the checkpoint starts with. */
    static double beta(Checkpoint c) {
        return c.getRlhf().getKlCoef();
    }
}
