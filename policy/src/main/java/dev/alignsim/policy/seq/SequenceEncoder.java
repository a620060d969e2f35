package dev.alignsim.policy.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.alignsim.env.Rng;
import dev.alignsim.policy.nn.Parameters;

/**
 * What the policy, the critic and the reward model see of their shared body: token ids in, one feature vector of
 * {@link SequenceModelSpec#featureWidth()} per position out, each position's features depending only on the tokens
 * at and before it. Teacher forcing reads every position of whole sequences at once ({@link #forward}); generation
 * feeds one token at a time ({@link #decode}) and must give the same features at each position as the whole pass.
 *
 * <p>An encoder's arrays are its parameters, registered in the {@link Parameters} it was built with under
 * {@link #PREFIX}, and freed with them; everything a pass computes belongs to the manager it is given.
 */
public interface SequenceEncoder {
    /** Parameter names start with this, so that a reward model or critic can copy the policy's encoder. */
    String PREFIX = "encoder.";

    /** The encoder {@code spec.kind()} names, its parameters registered in {@code parameters}, drawn from {@code rng}. */
    static SequenceEncoder create(SequenceModelSpec spec, Parameters parameters, Rng rng) {
        return switch (spec.kind()) {
            case GRU -> new GruEncoder(spec, parameters, rng);
            case TRANSFORMER -> new TransformerEncoder(spec, parameters, rng);
        };
    }

    SequenceModelSpec spec();

    /**
     * Features at every position of ids (batch, time), laid out from the sequence's first position (time at most
     * {@link SequenceModelSpec#sequenceLength()}): (batch, time, featureWidth), in the ids' manager.
     */
    NDArray forward(NDArray ids);

    /**
     * Starts decoding after prompts already laid out (left-padded to promptLength), {@code promptIds} (batch,
     * promptLength) row-major; what it computes belongs to {@code scope}.
     */
    Decoding decode(NDManager scope, long[] promptIds, int batch);

    /** Incremental decoding of a batch of sequences, one position at a time. */
    interface Decoding {
        /** Features at the newest position of every row, (batch, featureWidth). */
        NDArray last();

        /** Feeds every row's next token (batch of them); {@link #last} then reads one position further. */
        void append(long[] next);
    }
}
