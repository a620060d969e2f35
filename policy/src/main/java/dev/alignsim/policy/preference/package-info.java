/**
 * Preference-based RL on the control worlds (Christiano et al. 2017): trajectory {@link Segment}s cut from rollouts,
 * their {@link SegmentComparison}s, a reward model over (observation, action) trained with the Bradley-Terry loss on
 * segment sums ({@link SegmentBradleyTerry}, {@link SegmentRewardModel}, {@link SegmentRewardEnsemble}), how pairs
 * are chosen ({@link SegmentSampler}) and when labels are asked for ({@link LabelSchedule}). It depends on
 * {@code dev.alignsim.policy.nn}, {@code dev.alignsim.policy.ppo} and {@code dev.alignsim.policy.rm}; it knows
 * neither the store nor the actors.
 */
package dev.alignsim.policy.preference;
