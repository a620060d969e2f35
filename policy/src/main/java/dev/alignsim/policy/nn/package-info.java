/**
 * Neural-network building blocks on DJL's PyTorch engine, below every learner: the control worlds' MLP policy and
 * value networks, named parameters that export to and load from plain {@link dev.alignsim.policy.nn.NetworkWeights},
 * orthogonal initialisation, Adam with its state kept for checkpoints, the gradient-norm clip, and per-thread
 * autograd. Nothing here knows about PPO or RLHF.
 */
package dev.alignsim.policy.nn;
