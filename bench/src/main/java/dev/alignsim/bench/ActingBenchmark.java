package dev.alignsim.bench;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.VectorEnv;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.ppo.InferencePolicy;
import dev.alignsim.policy.ppo.PolicyLearner;
import dev.alignsim.policy.ppo.PpoSettings;
import dev.alignsim.policy.ppo.Rollout;
import dev.alignsim.policy.ppo.RolloutCollector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Acting on CartPole as one env runner of the default experiment does it: 2 envs, 128 steps, plain-Java policy. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ActingBenchmark {
    private RolloutCollector collector;
    private InferencePolicy policy;
    private float[] observations;
    private float[] actions;
    private float[] logProbs;
    private Rng rng;

    @Setup
    public void setUp() {
        VectorEnv envs = new VectorEnv("CartPole-v1", 2, 1);
        NetworkSpec spec = new NetworkSpec(envs.obsDim(), new int[] {64, 64}, envs.actionSpace());
        try (PolicyLearner learner = new PolicyLearner(spec, PpoSettings.cleanRl(), Device.cpu(), 1)) {
            policy = new InferencePolicy(spec, learner.weights());
        }
        rng = new Rng(2);
        collector = new RolloutCollector(envs, rng);
        observations = envs.reset();
        actions = new float[2];
        logProbs = new float[2];
    }

    /** One forward pass and sample for 2 observations. */
    @Benchmark
    public float[] actTwoEnvs() {
        policy.act(observations, 2, rng, actions, logProbs);
        return logProbs;
    }

    /** One runner's share of an iteration: 128 steps of 2 envs (256 transitions). */
    @Benchmark
    public Rollout collect128Steps() {
        return collector.collect(128, policy);
    }
}
