/**
 * TAMER (Knox and Stone 2009) on the discrete control worlds: a person's scalar judgements of recent actions, credited
 * to the steps they may concern ({@link CreditAssignment}), regressed on (observation, action) by {@link TamerLearner},
 * which acts greedily on its estimate of the human reward; {@link TamerTraining} runs the loop an episode at a time
 * with a simulated labeler judging each action's {@link TrueAdvantage}. It depends on {@code dev.alignsim.env},
 * {@code dev.alignsim.policy.nn} and {@code dev.alignsim.policy.ppo} (for the training state); it knows neither the
 * store nor the actors.
 */
package dev.alignsim.policy.tamer;
