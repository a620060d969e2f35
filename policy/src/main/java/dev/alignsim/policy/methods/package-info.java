/**
 * The math of alignment methods beyond PPO, each written once on plain numbers and, where a policy's gradient
 * flows through it, on DJL arrays too; the plain form is the reference the array form is tested against. Nothing
 * here runs a stage (the DPO learner trains on pairs it is given, as the PPO learners do): a stage supplies log-probabilities and rewards and calls in.
 *
 * <ul>
 *   <li>{@link dev.alignsim.policy.methods.DpoLoss}: DPO (Rafailov et al. 2023) and IPO (Azar et al. 2023) on
 *       preference pairs, which {@link dev.alignsim.policy.methods.PreferencePair#fromRanking} expands from K-wise
 *       rankings; {@link dev.alignsim.policy.methods.SequenceDpoLearner} trains a sequence policy on such pairs
 *       ({@link dev.alignsim.policy.methods.PreferenceBatch}: the pairs with the reference's summed log-probs;
 *       {@link dev.alignsim.policy.methods.DpoSettings}: {@code chat.dpo});</li>
 *   <li>{@link dev.alignsim.policy.methods.Rloo}: REINFORCE leave-one-out advantages (Ahmadian et al. 2024);</li>
 *   <li>{@link dev.alignsim.policy.methods.Grpo} and {@link dev.alignsim.policy.methods.GrpoLoss}: group-normalised
 *       advantages and the clipped, k3-KL-penalised per-token loss (Shao et al. 2024), averaged over
 *       {@link dev.alignsim.policy.methods.ValidTokens};</li>
 *   <li>{@link dev.alignsim.policy.methods.BestOfN}: best-of-n selection and its analytic KL;</li>
 *   <li>{@link dev.alignsim.policy.methods.ConservativeRewards} and
 *       {@link dev.alignsim.policy.methods.EnsembleObjective}: conservative objectives over a reward-model ensemble
 *       (Coste et al. 2023).</li>
 * </ul>
 *
 * <p>Every public method rejects malformed input (lengths, shapes, NaN, group sizes) with an
 * {@link java.lang.IllegalArgumentException} that names the input and what was expected.
 */
package dev.alignsim.policy.methods;
