package dev.alignsim.actors.rlhf;

import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.rules.RuleWeights;
import dev.alignsim.policy.methods.EnsembleObjective;
import dev.alignsim.policy.methods.Grpo;
import dev.alignsim.policy.methods.Rloo;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rlhf.ResponseBatch;
import dev.alignsim.policy.rlhf.SequenceCriticLearner;
import dev.alignsim.policy.rlhf.SequencePolicyLearner;
import dev.alignsim.policy.rlhf.TokenAdvantages;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.proto.LabelerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The asks of one PPO iteration, composed as futures: sample prompts (PromptRunner) → generate (Policy) → reference
 * log-probs, reward-model scores, critic values and (when it runs) the rule-based reward's judgments, in parallel →
 * per-token rewards (the reward model's score plus the rule reward at the last token) with the KL penalty, GAE and
 * whitened advantages → PPO on policy and critic, in parallel → the labeling round when due. rloo and grpo take the
 * same path with k answers to each prompt, their own advantages ({@link #batch}) and no critic. Holds no state of its
 * own: the coordinator gives it the roles and β.
 */
final class PpoIteration {
    private final ChatWorld world;
    private final RlhfSettings settings;
    private final Asks asks;
    private final LabelingRound labeling;
    private final Prompt[] unseen;
    private final int[][] unseenTokens;

    PpoIteration(ChatWorld world, RlhfSettings settings, Asks asks, LabelingRound labeling) {
        this.world = world;
        this.settings = settings;
        this.asks = asks;
        this.labeling = labeling;
        // The same evaluation prompts every iteration, so that their gold traces one curve.
        this.unseen = world.unseenPrompts("ppo/unseen", world.settings().eval().iterationPrompts());
        this.unseenTokens = ChatWorld.tokens(unseen);
    }

    /**
     * What the policy produced and the other roles made of it, and the policy's answers to the evaluation prompts
     * that no stage trains on ({@code unseen}; empty when {@code chat.eval.iteration_prompts} is 0).
     */
    record Rollout(Prompt[] prompts, int[][] promptTokens, SequencePolicy.Generation generation, float[] reference,
            RewardEnsemble.Scores scores, float[] values, long generateNanos, long scoreNanos, Prompt[] unseen,
            int[][] unseenResponses, RuleRewardRole.Judgments rules, RuleRewardRole.Judgments unseenRules) {

        /**
         * The reward model's part of each response's reward: the ensemble's mean, or its conservative objective (Coste
         * et al. 2023). The mean is taken as the ensemble computed it, so a run with the default objective rewards
         * exactly as before there was a choice.
         */
        double[] rewardModelRewards(EnsembleObjective objective, double lambda) {
            return objective == EnsembleObjective.MEAN ? scores.mean().clone() : objective.rewards(scores.members(), lambda);
        }

        /** Each response's sequence-level reward: the reward model's part, plus the rule reward when it runs. */
        double[] sequenceRewards(EnsembleObjective objective, double lambda) {
            double[] r = rewardModelRewards(objective, lambda);
            for (int i = 0; i < rules.rewards().length; i++) {
                r[i] += rules.rewards()[i];
            }
            return r;
        }
    }

    /**
     * One iteration's work before its commit: the rollout, the batch and the learners' health ({@code critic} null
     * without one), the labeling round.
     */
    record Trained(Rollout rollout, ResponseBatch batch, float[] rewards, double[] sequenceKl, SequencePolicyLearner.Stats policy,
            SequenceCriticLearner.Stats critic, long startNanos, long trainNanos, LabelingRound.Result labels) {}

    /** Iteration {@code i} (stored as {@code key}) with KL coefficient {@code beta}. */
    CompletableFuture<Trained> run(RoleSet roles, int i, long key, double beta) {
        long start = System.nanoTime();
        return asks.<PromptRunner.Command, Prompt[]>ask(roles.prompts(), r -> new PromptRunner.Sample(settings.promptsPerIteration(), r))
                .thenApply(sampled -> repeatEach(sampled, settings.samplesPerPrompt()))
                .thenCompose(prompts -> {
                    int[][] tokens = ChatWorld.tokens(prompts);
                    long seed = world.seed("ppo/generate/" + i);
                    return asks.<PolicyRole.Command, SequencePolicy.Generation>ask(roles.policy(), r -> new PolicyRole.Generate(tokens, seed, r))
                            .thenCompose(generation -> score(roles, prompts, tokens, generation, start, answerUnseen(roles, i)));
                })
                .thenCompose(rollout -> train(roles, beta, rollout, start))
                .thenCompose(trained -> labeling.run(roles, i, key).thenApply(labels -> new Trained(trained.rollout(), trained.batch(),
                        trained.rewards(), trained.sequenceKl(), trained.policy(), trained.critic(), start, trained.trainNanos(), labels)));
    }

    /** Each prompt {@code times} times in a row, so that a prompt's answers form one group of the batch (rloo, grpo). */
    static Prompt[] repeatEach(Prompt[] prompts, int times) {
        if (times == 1) {
            return prompts;
        }
        Prompt[] repeated = new Prompt[prompts.length * times];
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = prompts[i / times];
        }
        return repeated;
    }

    /** The policy's answers to the evaluation prompts; asked beside the scoring, which runs on the other roles. */
    private CompletableFuture<int[][]> answerUnseen(RoleSet roles, int i) {
        if (unseen.length == 0) {
            return CompletableFuture.completedFuture(new int[0][]);
        }
        long seed = world.seed("ppo/generate-unseen/" + i);
        return asks.<PolicyRole.Command, SequencePolicy.Generation>ask(roles.policy(), r -> new PolicyRole.Generate(unseenTokens, seed, r))
                .thenApply(SequencePolicy.Generation::responses);
    }

    private CompletableFuture<Rollout> score(RoleSet roles, Prompt[] prompts, int[][] tokens, SequencePolicy.Generation generation,
            long start, CompletableFuture<int[][]> unseenResponses) {
        long generated = System.nanoTime();
        int[][] responses = generation.responses();
        CompletableFuture<float[]> reference = asks.<ReferenceRole.Command, float[]>ask(roles.reference(),
                r -> new ReferenceRole.LogProbs(tokens, responses, r));
        CompletableFuture<RewardEnsemble.Scores> scores = asks.<RewardModelRole.Command, RewardEnsemble.Scores>ask(roles.rewardModel(),
                r -> new RewardModelRole.Score(tokens, responses, r));
        // Without a critic (rloo, grpo) the values are 0: stored as such, and read by nothing.
        CompletableFuture<float[]> values = roles.critic().isEmpty()
                ? CompletableFuture.completedFuture(new float[responses.length * world.modelSpec().responseLength()])
                : asks.<CriticRole.Command, float[]>ask(roles.critic().get(), r -> new CriticRole.Values(tokens, responses, r));
        CompletableFuture<RuleRewardRole.Judgments> rules = judge(roles, tokens, CompletableFuture.completedFuture(responses));
        CompletableFuture<RuleRewardRole.Judgments> unseenRules = judge(roles, unseenTokens, unseenResponses);
        return CompletableFuture.allOf(reference, scores, values, unseenResponses, rules, unseenRules).thenApply(v -> new Rollout(prompts,
                tokens, generation, reference.join(), scores.join(), values.join(), generated - start, System.nanoTime() - generated, unseen,
                unseenResponses.join(), rules.join(), unseenRules.join()));
    }

    /** The rule-based reward's judgments of the responses, when it runs (none otherwise, or when there are no responses). */
    private CompletableFuture<RuleRewardRole.Judgments> judge(RoleSet roles, int[][] tokens, CompletableFuture<int[][]> responses) {
        if (roles.rules().isEmpty() || tokens.length == 0) {
            return CompletableFuture.completedFuture(RuleRewardRole.Judgments.NONE);
        }
        ActorRef<RuleRewardRole.Command> rules = roles.rules().get();
        return responses.thenCompose(r -> asks.<RuleRewardRole.Command, RuleRewardRole.Judgments>ask(rules,
                replyTo -> new RuleRewardRole.Judge(tokens, r, replyTo)));
    }

    private CompletableFuture<Trained> train(RoleSet roles, double beta, Rollout rollout, long iterationStart) {
        int width = world.modelSpec().responseLength();
        int[][] responses = rollout.generation().responses();
        int[] lengths = Arrays.stream(responses).mapToInt(r -> r.length).toArray();
        float[] logProbs = rollout.generation().logProbs();
        double[] sequenceRewards = rollout.sequenceRewards(settings.rmObjective(), settings.rmUncertaintyCoef());
        float[] rewards = TokenAdvantages.rewards(logProbs, rollout.reference(), sequenceRewards, lengths, width, beta);
        double[] sequenceKl = TokenAdvantages.sequenceKl(logProbs, rollout.reference(), lengths, width);
        ResponseBatch batch = batch(rollout, rewards, sequenceRewards, sequenceKl, lengths, beta);
        long start = System.nanoTime();
        double klLossCoef = settings.method() == StageName.GRPO ? beta : 0;
        CompletableFuture<SequencePolicyLearner.Stats> policy = asks.<PolicyRole.Command, SequencePolicyLearner.Stats>ask(roles.policy(),
                r -> new PolicyRole.Train(batch, klLossCoef, r));
        CompletableFuture<SequenceCriticLearner.Stats> critic = roles.critic().isEmpty() ? CompletableFuture.completedFuture(null)
                : asks.<CriticRole.Command, SequenceCriticLearner.Stats>ask(roles.critic().get(), r -> new CriticRole.Train(batch, r));
        return CompletableFuture.allOf(policy, critic).thenApply(v -> new Trained(rollout, batch, rewards, sequenceKl, policy.join(),
                critic.join(), iterationStart, System.nanoTime() - start, LabelingRound.Result.NONE));
    }

    /**
     * The method's batch. ppo: GAE on the per-token rewards (the KL penalty per token, the score at the last) and the
     * critic's values, whitened. rloo: each response's reward, its score less β times its KL, less the mean of the
     * other answers to its prompt (Ahmadian et al.), on every token, not whitened. grpo: each score standardised
     * within its prompt's group (Shao et al.), on every token, with the reference's log-probs for the loss's KL term.
     * Without a critic the values and returns are 0.
     */
    private ResponseBatch batch(Rollout rollout, float[] rewards, double[] sequenceRewards, double[] sequenceKl, int[] lengths, double beta) {
        int width = world.modelSpec().responseLength();
        int[][] responses = rollout.generation().responses();
        float[] logProbs = rollout.generation().logProbs();
        float[] none = new float[responses.length * width];
        return switch (settings.method()) {
            case RLOO -> {
                double[] penalised = new double[sequenceRewards.length];
                for (int b = 0; b < penalised.length; b++) {
                    penalised[b] = sequenceRewards[b] - beta * sequenceKl[b];
                }
                double[] advantages = Rloo.advantages(penalised, settings.samplesPerPrompt());
                yield new ResponseBatch(rollout.promptTokens(), responses, logProbs, none, TokenAdvantages.perToken(advantages, lengths, width),
                        none);
            }
            case GRPO -> {
                double[] advantages = Grpo.advantages(sequenceRewards, settings.samplesPerPrompt(), Grpo.DEFAULT_EPS);
                yield new ResponseBatch(rollout.promptTokens(), responses, logProbs, none, TokenAdvantages.perToken(advantages, lengths, width),
                        none, rollout.reference());
            }
            default -> {
                TokenAdvantages.Estimates estimates = TokenAdvantages.gae(rewards, rollout.values(), lengths, width, settings.ppo().gamma(),
                        settings.ppo().gaeLambda());
                float[] values = TokenAdvantages.zeroPadding(rollout.values(), lengths, width);
                yield new ResponseBatch(rollout.promptTokens(), responses, logProbs, values,
                        TokenAdvantages.whiten(estimates.advantages(), lengths, width), estimates.returns());
            }
        };
    }

    /** Every role's state, for a checkpoint after iteration {@code key}. */
    CompletableFuture<RlhfCheckpoints.Snapshots> snapshots(RoleSet roles, long key) {
        CompletableFuture<LearnerSnapshot> policy = asks.<PolicyRole.Command, LearnerSnapshot>ask(roles.policy(), PolicyRole.Snapshot::new);
        CompletableFuture<Optional<LearnerSnapshot>> critic = roles.critic().isEmpty() ? CompletableFuture.completedFuture(Optional.empty())
                : asks.<CriticRole.Command, LearnerSnapshot>ask(roles.critic().get(), CriticRole.Snapshot::new).thenApply(Optional::of);
        CompletableFuture<RewardModelRole.State> rm = asks.<RewardModelRole.Command, RewardModelRole.State>ask(roles.rewardModel(),
                r -> new RewardModelRole.Snapshot(key, r));
        CompletableFuture<long[]> promptRng = asks.<PromptRunner.Command, long[]>ask(roles.prompts(), PromptRunner.Snapshot::new);
        List<CompletableFuture<LabelerState>> labelers = new ArrayList<>();
        for (ActorRef<LabelerRole.Command> labeler : roles.labelers().values()) {
            labelers.add(asks.<LabelerRole.Command, LabelerState>ask(labeler, LabelerRole.Snapshot::new));
        }
        CompletableFuture<Optional<RuleWeights>> rules = roles.rules().isEmpty() ? CompletableFuture.completedFuture(Optional.empty())
                : asks.<RuleRewardRole.Command, RuleWeights>ask(roles.rules().get(), RuleRewardRole.Snapshot::new).thenApply(Optional::of);
        List<CompletableFuture<?>> all = new ArrayList<>(List.of(policy, critic, rm, promptRng, rules));
        all.addAll(labelers);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> new RlhfCheckpoints.Snapshots(policy.join(),
                critic.join(), rm.join(), labelers.stream().map(CompletableFuture::join).toList(), promptRng.join(), rules.join()));
    }
}
