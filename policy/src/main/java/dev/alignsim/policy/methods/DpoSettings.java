package dev.alignsim.policy.methods;

/**
 * The {@code dpo} stage's settings ({@code chat.dpo}): the learner reads the training ones; every message names its key.
 *
 * @param beta DPO's β (IPO's τ): how far the implicit reward {@code β (log π - log π_ref)} lets the policy move
 * @param loss sigmoid (DPO) or ipo
 * @param epochs passes over the preference pairs
 * @param batchSize pairs per minibatch
 * @param learningRate Adam's learning rate
 * @param maxGradNorm global gradient-norm clip
 * @param checkpointEvery epochs between checkpoints (the last epoch always stores one)
 * @param evalPrompts fresh train prompts the policy answers after each epoch, for the epoch's gold, proxy, KL and length
 */
public record DpoSettings(double beta, DpoLoss.Type loss, int epochs, int batchSize, double learningRate, double maxGradNorm,
        int checkpointEvery, int evalPrompts) {
    public DpoSettings {
        require(beta > 0 && Double.isFinite(beta), "chat.dpo.beta must be positive and finite, got " + beta);
        require(loss != null, "chat.dpo.loss must be sigmoid or ipo, got null");
        require(epochs >= 1, "chat.dpo.epochs must be >= 1, got " + epochs);
        require(batchSize >= 1, "chat.dpo.batch_size must be >= 1, got " + batchSize);
        require(learningRate > 0 && Double.isFinite(learningRate), "chat.dpo.learning_rate must be positive and finite, got " + learningRate);
        require(maxGradNorm > 0, "chat.dpo.max_grad_norm must be positive, got " + maxGradNorm);
        require(checkpointEvery >= 1, "chat.dpo.checkpoint_every must be >= 1 epoch, got " + checkpointEvery);
        require(evalPrompts >= 1, "chat.dpo.eval_prompts must be >= 1, got " + evalPrompts);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
