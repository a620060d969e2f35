/**
 * Plain-Java evaluation statistics (no DJL): how well a reward model agrees with labeler rankings and with the
 * hidden gold utility, correlations between score columns, the Gao et al. (2022) over-optimisation fit, and
 * mean ± sample std over seeds. Everything here works on {@code double[]} so that it can run on results read back
 * from storage without an engine.
 */
package dev.alignsim.policy.eval;
