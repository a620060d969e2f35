/**
 * ChatWorld's RLHF stage ({@code ppo}) on Pekko actors: the coordinator {@link RlhfExperiment}, the role actors
 * (policy, frozen reference, critic, reward model, one labeler per simulated person, prompt runner), the asks of one
 * iteration ({@code PpoIteration}, {@code LabelingRound}), its metrics line, its checkpoints, and the recovery that
 * restores every role from the last checkpoint when one fails. It may depend on {@code chat} (the stage contract,
 * the world, stored models), on {@code replay} and on the environment, policy and storage modules. It must not name
 * {@code pipeline} or the control world's packages, and {@code chat} must never name it.
 */
package dev.alignsim.actors.rlhf;
