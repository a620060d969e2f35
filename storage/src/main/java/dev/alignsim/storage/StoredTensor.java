package dev.alignsim.storage;

/** A named array of floats with its shape, as stored on disk (row-major). */
public record StoredTensor(String name, int[] shape, float[] values) {}
