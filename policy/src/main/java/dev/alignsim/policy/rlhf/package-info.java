/**
 * PPO on token sequences, for RLHF: per-token KL-penalised rewards, GAE and whitening over real tokens
 * ({@link dev.alignsim.policy.rlhf.TokenAdvantages}), the KL coefficient's controller, the critic, and the policy and
 * critic learners. The learners take PPO's math from {@code ppo} and only decide which tokens count: padding
 * never does.
 */
package dev.alignsim.policy.rlhf;
