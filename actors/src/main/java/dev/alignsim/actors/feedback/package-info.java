/**
 * The control world's human-feedback roles: {@link RewardModelActor}, which owns the learned reward over
 * (observation, action), and {@link LabelerActor}, one per simulated person, which compares segments through its
 * labeler strategy. Like the other role packages it depends on the environment and policy modules only; it must not
 * depend on another actors package or on storage (the coordinator turns their answers into stored records).
 */
package dev.alignsim.actors.feedback;
