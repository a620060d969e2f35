package dev.alignsim.bench;

import ai.djl.Device;
import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptDesign;
import dev.alignsim.env.chat.PromptSplit;
import dev.alignsim.env.chat.PromptSampler;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.device.TorchThreads;
import dev.alignsim.policy.rlhf.ResponseBatch;
import dev.alignsim.policy.rlhf.SequenceCritic;
import dev.alignsim.policy.rlhf.SequencePolicyLearner;
import dev.alignsim.policy.rlhf.SequencePpoSettings;
import dev.alignsim.policy.rlhf.TokenAdvantages;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ChatWorld's sequence model at rlhf-quick's sizes (default world, embedding 32, GRU 64, responses of up to 12
 * tokens), on a batch of 256 prompts: sampling responses, teacher-forced log-probabilities, critic values, and one
 * PPO policy update (4 epochs of 4 minibatches).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SequenceModelBenchmark {
    private static final int N = 256;
    private SequencePolicy policy;
    private SequencePolicyLearner learner;
    private SequenceCritic critic;
    private int[][] prompts;
    private int[][] responses;
    private ResponseBatch batch;
    private long draws;

    @Setup
    public void setUp() {
        TorchThreads.configure(1);
        Vocabulary vocabulary = new Vocabulary(ChatWorldSettings.defaults());
        SequenceModelSpec spec = new SequenceModelSpec(vocabulary.size(), 32, 64, 1, Vocabulary.MAX_PROMPT_LENGTH, 12);
        SequencePpoSettings ppo = new SequencePpoSettings(1e-4, 3e-4, 4, 4, 0.2, 0.2, 0.0, 1.0, 1.0, 0.95, 1.0);
        policy = new SequencePolicy(spec, Device.cpu(), 1);
        learner = new SequencePolicyLearner(policy, ppo, 1);
        critic = new SequenceCritic(spec, Device.cpu(), 2);
        PromptSampler sampler = new PromptSampler(vocabulary, PromptDesign.defaults(), new PromptSplit(0.2, 1L), PromptSplit.Side.TRAIN, new Rng(3));
        prompts = new int[N][];
        for (int i = 0; i < N; i++) {
            Prompt p = sampler.sample();
            prompts[i] = p.tokens();
        }
        SequencePolicy.Generation g = policy.generate(prompts, 1.0, new Rng(4));
        responses = g.responses();
        int[] lengths = new int[N];
        double[] scores = new double[N];
        Rng rng = new Rng(5);
        for (int b = 0; b < N; b++) {
            lengths[b] = responses[b].length;
            scores[b] = rng.nextGaussian();
        }
        int width = spec.responseLength();
        float[] values = new float[N * width];
        float[] rewards = TokenAdvantages.rewards(g.logProbs(), g.logProbs(), scores, lengths, width, 0.05);
        TokenAdvantages.Estimates e = TokenAdvantages.gae(rewards, values, lengths, width, 1.0, 0.95);
        batch = new ResponseBatch(prompts, responses, g.logProbs(), values, TokenAdvantages.whiten(e.advantages(), lengths, width),
                e.returns());
    }

    @Benchmark
    public SequencePolicy.Generation generate() {
        return policy.generate(prompts, 1.0, new Rng(++draws));
    }

    @Benchmark
    public float[] tokenLogProbs() {
        return policy.tokenLogProbs(prompts, responses, 1.0);
    }

    @Benchmark
    public float[] criticValues() {
        return critic.values(prompts, responses);
    }

    @Benchmark
    public SequencePolicyLearner.Stats policyUpdate() {
        return learner.update(batch);
    }

    @TearDown
    public void tearDown() {
        learner.close();
        policy.close();
        critic.close();
    }
}
