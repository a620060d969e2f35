/**
 * ChatWorld's {@code dpo} stage: direct preference optimisation of the SFT reference on the label stage's comparisons
 * ({@link dev.alignsim.actors.dpo.DpoStage}), its learner in a role actor, its epoch lines and checkpoints. It may
 * depend on {@code chat} (the stage contract, the world, stored models, the closing evaluation), on {@code replay}
 * (the learner's record codec), {@code lifecycle} and on the environment, policy and storage modules. It must not name
 * {@code rlhf} or {@code pipeline}, and {@code chat} must never name it.
 */
package dev.alignsim.actors.dpo;
