package dev.alignsim.policy.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.alignsim.policy.nn.Scalars;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Direct preference optimisation on a batch of B preference pairs, from each response's log-probability summed
 * over its tokens, under the policy π (which carries the gradient) and the frozen reference π_ref. With
 * {@code h = (log π(y_w) - log π_ref(y_w)) - (log π(y_l) - log π_ref(y_l))}, the log-ratio difference:
 *
 * <ul>
 *   <li>{@link Type#SIGMOID}, DPO (Rafailov et al. 2023, eq. 7): {@code -log σ(β h)}, the Bradley-Terry loss on the
 *       implicit rewards {@code β (log π - log π_ref)};</li>
 *   <li>{@link Type#IPO}, IPO (Azar et al. 2023) with τ = β: {@code (h - 1/(2τ))²}, which regresses h to a
 *       finite target instead of pushing it to infinity on deterministic preferences. TRL feeds IPO log-probs
 *       averaged over tokens rather than summed; the caller chooses which it passes.</li>
 * </ul>
 *
 * The loss is the mean over pairs. Beside it, as TRL reports them, the implicit rewards of the chosen and the
 * rejected responses, their mean margin, and the accuracy: the fraction of pairs whose chosen response has the
 * strictly larger implicit reward. The statistics carry no gradient.
 */
public final class DpoLoss {
    private DpoLoss() {}

    /** Which loss of the log-ratio difference h (TRL's {@code loss_type}). */
    public enum Type {
        /** DPO's {@code -log σ(β h)}. */
        SIGMOID,
        /** IPO's {@code (h - 1/(2β))²}. */
        IPO;

        /** The name as settings write it: sigmoid or ipo. */
        public String settingName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The type a setting names, in any letter case.
         *
         * @throws IllegalArgumentException for any other name; the message lists the valid ones
         */
        public static Type of(String name) {
            for (Type type : values()) {
                if (type.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown DPO loss type '" + name + "'; expected one of "
                    + Arrays.stream(values()).map(Type::settingName).collect(Collectors.joining(", ")));
        }

        @Override
        public String toString() {
            return settingName();
        }
    }

    /**
     * One batch's loss (a scalar, differentiable in the policy's log-probs) and its statistics: per-pair implicit
     * rewards (B) and the scalar mean margin and accuracy, all detached from the graph.
     */
    public record Objective(NDArray loss, NDArray chosenRewards, NDArray rejectedRewards, NDArray margin, NDArray accuracy) {}

    /** {@link Objective} in plain numbers, from the double-precision reference. */
    public record Values(double loss, double[] chosenRewards, double[] rejectedRewards, double margin, double accuracy) {}

    /**
     * The loss on DJL arrays, each of shape (B): summed log-probs of the chosen and rejected responses under the
     * policy and the reference. Reading the inputs back to check them costs one host synchronisation each.
     *
     * @param beta DPO's β (IPO's τ), positive
     * @throws IllegalArgumentException on shapes that differ or are not (B) with B >= 1, non-finite log-probs, or β
     *     not positive and finite
     */
    public static Objective objective(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen,
            NDArray referenceRejected, double beta, Type type) {
        Checks.positive("beta", beta);
        requireType(type);
        if (policyChosen == null || policyChosen.getShape().dimension() != 1 || policyChosen.getShape().get(0) < 1) {
            throw new IllegalArgumentException("policyChosen must have shape (B) with B >= 1 pairs, got "
                    + (policyChosen == null ? "null" : policyChosen.getShape()));
        }
        Shape pairs = policyChosen.getShape();
        Checks.shape("policyRejected", policyRejected, pairs, "one per pair, as policyChosen");
        Checks.shape("referenceChosen", referenceChosen, pairs, "one per pair, as policyChosen");
        Checks.shape("referenceRejected", referenceRejected, pairs, "one per pair, as policyChosen");
        Checks.finite("policyChosen", policyChosen);
        Checks.finite("policyRejected", policyRejected);
        Checks.finite("referenceChosen", referenceChosen);
        Checks.finite("referenceRejected", referenceRejected);

        NDArray chosenLogRatio = policyChosen.sub(referenceChosen);
        NDArray rejectedLogRatio = policyRejected.sub(referenceRejected);
        NDArray h = chosenLogRatio.sub(rejectedLogRatio);
        NDArray losses = type == Type.SIGMOID
                ? softplus(Scalars.times(h, (float) -beta))
                : Scalars.plus(h, (float) (-1 / (2 * beta))).square();

        NDArray chosenRewards = Scalars.times(chosenLogRatio.stopGradient(), (float) beta);
        NDArray rejectedRewards = Scalars.times(rejectedLogRatio.stopGradient(), (float) beta);
        NDArray margin = chosenRewards.sub(rejectedRewards).mean();
        NDArray accuracy = chosenRewards.gt(rejectedRewards).toType(DataType.FLOAT32, false).mean();
        return new Objective(losses.mean(), chosenRewards, rejectedRewards, margin, accuracy);
    }

    /**
     * The same loss and statistics in double precision: the reference the array form is tested against, and
     * usable where no gradient is needed (evaluation).
     *
     * @throws IllegalArgumentException on empty arrays or arrays of different lengths, non-finite log-probs, or β
     *     not positive and finite
     */
    public static Values values(double[] policyChosen, double[] policyRejected, double[] referenceChosen,
            double[] referenceRejected, double beta, Type type) {
        Checks.positive("beta", beta);
        requireType(type);
        Checks.finite("policyChosen", policyChosen);
        int n = policyChosen.length;
        Checks.finite("policyRejected", policyRejected);
        Checks.length("policyRejected", policyRejected.length, n, "one per pair, as policyChosen");
        Checks.finite("referenceChosen", referenceChosen);
        Checks.length("referenceChosen", referenceChosen.length, n, "one per pair, as policyChosen");
        Checks.finite("referenceRejected", referenceRejected);
        Checks.length("referenceRejected", referenceRejected.length, n, "one per pair, as policyChosen");

        double[] chosenRewards = new double[n];
        double[] rejectedRewards = new double[n];
        double loss = 0;
        double margin = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double chosenLogRatio = policyChosen[i] - referenceChosen[i];
            double rejectedLogRatio = policyRejected[i] - referenceRejected[i];
            double h = chosenLogRatio - rejectedLogRatio;
            loss += type == Type.SIGMOID ? softplus(-beta * h) : square(h - 1 / (2 * beta));
            chosenRewards[i] = beta * chosenLogRatio;
            rejectedRewards[i] = beta * rejectedLogRatio;
            margin += chosenRewards[i] - rejectedRewards[i];
            correct += chosenRewards[i] > rejectedRewards[i] ? 1 : 0;
        }
        return new Values(loss / n, chosenRewards, rejectedRewards, margin / n, (double) correct / n);
    }

    private static void requireType(Type type) {
        if (type == null) {
            throw new IllegalArgumentException("type must be sigmoid or ipo, got null");
        }
    }

    /** {@code -log σ(-x) = log(1 + e^x)}, as {@code max(x, 0) + log(1 + e^-|x|)} so that large |x| neither overflows nor loses the gradient. */
    private static NDArray softplus(NDArray x) {
        return x.maximum(Scalars.constant(x, 0f)).add(Scalars.plus(x.abs().neg().exp(), 1f).log());
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double square(double x) {
        return x * x;
    }
}
