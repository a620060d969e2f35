package dev.alignsim.bench;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.Space;
import dev.alignsim.policy.device.TorchThreads;
import dev.alignsim.policy.nn.NetworkSpec;
import dev.alignsim.policy.ppo.PolicyBatch;
import dev.alignsim.policy.ppo.PolicyLearner;
import dev.alignsim.policy.ppo.PolicyStats;
import dev.alignsim.policy.ppo.PpoSettings;
import dev.alignsim.policy.ppo.ValueBatch;
import dev.alignsim.policy.ppo.ValueLearner;
import dev.alignsim.policy.ppo.ValueStats;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One iteration's training with CleanRL's settings on CartPole: 512 transitions, 4 epochs of 4 minibatches. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PpoUpdateBenchmark {
    private static final int N = 512;
    private PolicyLearner policy;
    private ValueLearner critic;
    private float[] observations;
    private float[] actions;
    private float[] advantages;
    private float[] returns;
    private float[] values;

    @Setup
    public void setUp() {
        TorchThreads.configure(1);
        NetworkSpec spec = new NetworkSpec(4, new int[] {64, 64}, new Space.Discrete(2));
        policy = new PolicyLearner(spec, PpoSettings.cleanRl(), Device.cpu(), 1);
        critic = new ValueLearner(spec, PpoSettings.cleanRl(), Device.cpu(), 1);
        Rng rng = new Rng(3);
        observations = new float[N * 4];
        actions = new float[N];
        advantages = new float[N];
        returns = new float[N];
        values = new float[N];
        for (int i = 0; i < N; i++) {
            for (int d = 0; d < 4; d++) {
                observations[i * 4 + d] = (float) rng.nextGaussian();
            }
            actions[i] = rng.nextInt(2);
            advantages[i] = (float) rng.nextGaussian();
            returns[i] = (float) (10 * rng.nextDouble());
        }
    }

    @Benchmark
    public PolicyStats policyUpdate() {
        return policy.update(new PolicyBatch(policy.version(), N, observations, actions, advantages), 2.5e-4);
    }

    @Benchmark
    public ValueStats criticUpdate() {
        return critic.update(new ValueBatch(N, observations, returns, values), 2.5e-4);
    }

    @Benchmark
    public float[] criticValues() {
        return critic.values(observations, N);
    }

    @TearDown
    public void tearDown() {
        policy.close();
        critic.close();
    }
}
