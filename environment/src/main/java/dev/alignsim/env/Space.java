package dev.alignsim.env;

import java.util.Arrays;

/** An observation or action space, in the spirit of Gymnasium's {@code spaces}. */
public sealed interface Space permits Space.Discrete, Space.Box {

    /** Number of floats one element of this space occupies in a flat array (1 for a discrete action). */
    int flatDim();

    /** {@code n} choices, {@code 0..n-1}; stored in flat float arrays as the choice's index. */
    record Discrete(int n) implements Space {
        public Discrete {
            if (n < 1) {
                throw new IllegalArgumentException("Discrete space needs n >= 1, got " + n);
            }
        }

        @Override
        public int flatDim() {
            return 1;
        }
    }

    /** A box of {@code low.length} floats, each between {@code low[i]} and {@code high[i]}. */
    record Box(float[] low, float[] high) implements Space {
        public Box {
            if (low.length != high.length) {
                throw new IllegalArgumentException("Box bounds differ in length: " + low.length + " vs " + high.length);
            }
            low = low.clone();
            high = high.clone();
        }

        /** A box with the same bounds {@code [-bound, bound]} in every one of {@code dim} dimensions. */
        public static Box symmetric(int dim, float bound) {
            float[] low = new float[dim];
            float[] high = new float[dim];
            Arrays.fill(low, -bound);
            Arrays.fill(high, bound);
            return new Box(low, high);
        }

        @Override
        public int flatDim() {
            return low.length;
        }

        @Override
        public float[] low() {
            return low.clone();
        }

        @Override
        public float[] high() {
            return high.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
        }

        @Override
        public String toString() {
            return "Box(low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ")";
        }
    }
}
