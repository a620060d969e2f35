package dev.alignsim.policy.ppo;

/** Health of one critic update: the last minibatch's value loss, the fraction of clipped values, the last grad norm. */
public record ValueStats(double valueLoss, double clipFraction, double gradNorm) {}
