package dev.alignsim.policy.ppo;

/**
 * Health of one policy update, as CleanRL logs it: the last minibatch's losses and approx KL, the clip fraction
 * over all minibatches, the last gradient norm (before clipping) and how many epochs ran (fewer on early stop).
 */
public record PolicyStats(
        double policyLoss,
        double entropy,
        double approxKl,
        double oldApproxKl,
        double clipFraction,
        double gradNorm,
        int epochs,
        long version) {}
