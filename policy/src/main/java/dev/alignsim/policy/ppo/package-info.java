/**
 * PPO as CleanRL writes it, and the pieces every learner shares. {@link dev.alignsim.policy.ppo.PpoLoss} holds the
 * PPO math once, as element-wise terms reduced by a {@link dev.alignsim.policy.ppo.Mean};
 * {@link dev.alignsim.policy.ppo.BatchStatistics} whitens and measures explained variance;
 * {@link dev.alignsim.policy.ppo.TrainingState} and {@link dev.alignsim.policy.ppo.Learner} carry a learner's
 * optimiser, shuffler and update count and snapshot them. The control worlds' rollouts, GAE and the two learners
 * live here too.
 */
package dev.alignsim.policy.ppo;
