package dev.alignsim.actors.replay;

import dev.alignsim.env.EnvSnapshot;
import dev.alignsim.env.Episode;
import dev.alignsim.env.NormalizationState;
import dev.alignsim.env.VectorEnvState;
import dev.alignsim.policy.nn.NetworkWeights;
import dev.alignsim.policy.ppo.Advantages;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.ppo.Rollout;
import dev.alignsim.policy.ppo.RolloutCollector;
import dev.alignsim.storage.ExperienceColumns;
import dev.alignsim.storage.StoredTensor;
import dev.alignsim.storage.proto.EnvState;
import dev.alignsim.storage.proto.EpisodeRecord;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.LearnerState;
import dev.alignsim.storage.proto.RunnerState;
import dev.alignsim.storage.proto.RunningStats;
import dev.alignsim.storage.proto.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Converts between the pipeline's plain records and the store's Protobuf records. No math, only copying. */
public final class RecordCodec {
    private RecordCodec() {}

    /**
     * The experience of one env runner (shard): its envs' columns of the merged rollout, with the critic's values
     * and the advantages and returns computed for the whole batch.
     */
    public static ExperienceBatch experience(long iteration, int shard, int firstEnv, int envs, Rollout merged,
            Advantages.Prepared prepared) {
        int steps = merged.steps();
        int obsDim = merged.obsDim();
        int actDim = merged.actionDim();
        int rows = steps * envs;
        float[] obs = new float[rows * obsDim];
        float[] actions = new float[rows * actDim];
        float[] logProbs = new float[rows];
        float[] values = new float[rows];
        float[] rewards = new float[rows];
        boolean[] terminated = new boolean[rows];
        boolean[] truncated = new boolean[rows];
        float[] advantages = new float[rows];
        float[] returns = new float[rows];
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < envs; e++) {
                int from = t * merged.envs() + firstEnv + e;
                int to = t * envs + e;
                System.arraycopy(merged.observations(), from * obsDim, obs, to * obsDim, obsDim);
                System.arraycopy(merged.actions(), from * actDim, actions, to * actDim, actDim);
                logProbs[to] = merged.logProbs()[from];
                values[to] = prepared.valueBatch().oldValues()[from];
                rewards[to] = merged.rewards()[from];
                terminated[to] = merged.terminated()[from];
                truncated[to] = merged.truncated()[from];
                advantages[to] = prepared.policyBatch().advantages()[from];
                returns[to] = prepared.valueBatch().returns()[from];
            }
        }
        return ExperienceBatch.newBuilder().setIteration(iteration).setShard(shard).setPolicyVersion(merged.policyVersion())
                .setSteps(steps).setEnvs(envs).setObsDim(obsDim).setActionDim(actDim)
                .setObservations(ExperienceColumns.floats(obs)).setActions(ExperienceColumns.floats(actions))
                .setLogProbs(ExperienceColumns.floats(logProbs)).setValues(ExperienceColumns.floats(values))
                .setRewards(ExperienceColumns.floats(rewards)).setTerminated(ExperienceColumns.flags(terminated))
                .setTruncated(ExperienceColumns.flags(truncated)).setAdvantages(ExperienceColumns.floats(advantages))
                .setReturns(ExperienceColumns.floats(returns))
                .build();
    }

    public static LearnerState learner(LearnerSnapshot s) {
        LearnerState.Builder b = LearnerState.newBuilder().setAdamStep(s.adamStep()).setVersion(s.weights().version());
        List<NetworkWeights.Tensor> tensors = s.weights().tensors();
        for (int i = 0; i < tensors.size(); i++) {
            NetworkWeights.Tensor t = tensors.get(i);
            b.addWeights(tensor(t.name(), t.shape(), t.values()));
            b.addAdamFirstMoments(tensor(t.name(), t.shape(), s.adamFirstMoments().get(i)));
            b.addAdamSecondMoments(tensor(t.name(), t.shape(), s.adamSecondMoments().get(i)));
        }
        for (long word : s.shuffleRng()) {
            b.addShuffleRng(word);
        }
        return b.build();
    }

    public static LearnerSnapshot learner(LearnerState s) {
        List<NetworkWeights.Tensor> weights = new ArrayList<>();
        List<float[]> first = new ArrayList<>();
        List<float[]> second = new ArrayList<>();
        for (int i = 0; i < s.getWeightsCount(); i++) {
            Tensor t = s.getWeights(i);
            weights.add(new NetworkWeights.Tensor(t.getName(), ints(t.getShapeList()), floats(t.getValuesList())));
            first.add(floats(s.getAdamFirstMoments(i).getValuesList()));
            second.add(floats(s.getAdamSecondMoments(i).getValuesList()));
        }
        return new LearnerSnapshot(new NetworkWeights(s.getVersion(), weights), s.getAdamStep(), first, second,
                longs(s.getShuffleRngList()));
    }

    public static RunnerState runner(int runnerIndex, RolloutCollector.State s) {
        RunnerState.Builder b = RunnerState.newBuilder().setRunnerIndex(runnerIndex);
        for (EnvSnapshot env : s.envs().envs()) {
            EnvState.Builder e = EnvState.newBuilder().setElapsedSteps(env.elapsedSteps()).setEpisodeReturn(env.episodeReturn());
            for (double v : env.state()) {
                e.addState(v);
            }
            for (long w : env.rng()) {
                e.addRng(w);
            }
            b.addEnvs(e);
        }
        for (float v : s.currentObservations()) {
            b.addCurrentObservations(v);
        }
        for (long w : s.rng()) {
            b.addActionRng(w);
        }
        NormalizationState n = s.envs().normalization();
        if (n != null) {
            b.setNormalized(true)
                    .setObservationStats(stats(n.observationMean(), n.observationVar(), n.observationCount()))
                    .setReturnStats(stats(n.returnMean(), n.returnVar(), n.returnCount()));
            for (double v : n.discountedReturns()) {
                b.addDiscountedReturns(v);
            }
        }
        return b.build();
    }

    public static RolloutCollector.State runner(RunnerState s) {
        List<EnvSnapshot> envs = new ArrayList<>();
        for (EnvState e : s.getEnvsList()) {
            envs.add(new EnvSnapshot(doubles(e.getStateList()), e.getElapsedSteps(), e.getEpisodeReturn(), longs(e.getRngList())));
        }
        NormalizationState normalization = null;
        if (s.getNormalized()) {
            RunningStats o = s.getObservationStats();
            RunningStats r = s.getReturnStats();
            normalization = new NormalizationState(doubles(o.getMeanList()), doubles(o.getVarList()), o.getCount(),
                    doubles(r.getMeanList()), doubles(r.getVarList()), r.getCount(), doubles(s.getDiscountedReturnsList()));
        }
        return new RolloutCollector.State(new VectorEnvState(envs, normalization), floats(s.getCurrentObservationsList()),
                longs(s.getActionRngList()));
    }

    /** A network's weights as the run directory's weight files store them. */
    public static List<StoredTensor> tensors(NetworkWeights weights) {
        List<StoredTensor> out = new ArrayList<>();
        for (NetworkWeights.Tensor t : weights.tensors()) {
            out.add(new StoredTensor(t.name(), t.shape(), t.values()));
        }
        return out;
    }

    public static EpisodeRecord episode(Episode e) {
        return EpisodeRecord.newBuilder().setEnvIndex(e.envIndex()).setEpisodeReturn(e.episodeReturn()).setLength(e.length()).build();
    }

    public static Episode episode(EpisodeRecord r) {
        return new Episode(r.getEnvIndex(), r.getEpisodeReturn(), r.getLength());
    }

    private static RunningStats stats(double[] mean, double[] var, double count) {
        RunningStats.Builder b = RunningStats.newBuilder().setCount(count);
        for (double v : mean) {
            b.addMean(v);
        }
        for (double v : var) {
            b.addVar(v);
        }
        return b.build();
    }

    private static Tensor tensor(String name, int[] shape, float[] values) {
        Tensor.Builder b = Tensor.newBuilder().setName(name);
        for (int d : shape) {
            b.addShape(d);
        }
        for (float v : values) {
            b.addValues(v);
        }
        return b.build();
    }

    private static float[] floats(List<Float> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static double[] doubles(List<Double> list) {
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static long[] longs(List<Long> list) {
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static int[] ints(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
