/**
 * A control-world PPO run (CartPole, Acrobot, Pendulum): the coordinator {@link Experiment}, guardian of its own
 * actor system; {@link ExperimentRunner}, which starts or resumes it and waits for it; its settings records; one
 * incarnation of its role actors ({@code Roles}, spawned by {@code RoleFactory}) and its asks of them
 * ({@code RoleAsks}); where a recovery goes back to ({@code RecoveryPoint}); one iteration's answers
 * ({@code Iteration}) and what it writes ({@code IterationRecords}). It may depend on the role packages
 * {@code envrunner}, {@code policy}, {@code critic} and {@code replay} and on the environment, policy and storage
 * modules. It must not depend on ChatWorld's packages ({@code chat}, {@code rlhf}, {@code pipeline}), and no role
 * package may depend on it.
 */
package dev.alignsim.actors.experiment;
