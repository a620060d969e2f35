package dev.alignsim.policy.nn;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a constant on arrays that take part in a backward pass.
 *
 * <p>DJL's PyTorch {@code NDArray.mul(Number)} (and {@code div}, {@code add}, {@code sub}) wraps the number in a
 * tensor over a Java direct buffer and closes it as soon as the forward op returns. Autograd keeps that tensor to
 * compute the backward pass of a product, so the buffer can be garbage-collected and reused before backward reads
 * it: gradients then depend on GC timing (runs of one seed differed, and Pendulum's gradients became infinite).
 * These helpers create the constant in the array's own manager, so it lives as long as the step's arrays.
 */
public final class Scalars {
    private Scalars() {}

    /** {@code array * value}, safe to back-propagate through. */
    public static NDArray times(NDArray array, float value) {
        return array.mul(constant(array, value));
    }

    /** {@code array + value}, safe to back-propagate through. */
    public static NDArray plus(NDArray array, float value) {
        return array.add(constant(array, value));
    }

    /** A scalar constant owned by {@code like}'s manager (closed with it, after backward). */
    public static NDArray constant(NDArray like, float value) {
        return like.getManager().create(value).toDevice(like.getDevice(), false);
    }
}
