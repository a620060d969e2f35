package dev.alignsim.policy.device;

/**
 * PyTorch's thread counts, which must be set before the engine loads. One intra-op and one inter-op thread is
 * fastest for our small networks on a busy 2-core machine: with more threads than free cores the threads wait on
 * each other, and a measured step went from 4 ms to 89 ms. Explicit system properties win.
 *
 * <p>DJL applies the count with {@code at::set_num_threads} on the thread that loads the engine, but OpenMP keeps
 * the count per thread: the learners' own threads would still run parallel regions (and MKL) on every core, which
 * oversubscribes the machine and, under load, made a run's results differ from the same run's elsewhere. So the
 * OpenMP and MKL thread counts are also put into the process environment, which libgomp and MKL read when libtorch
 * loads; variables the user set are kept.
 */
public final class TorchThreads {
    private static final String INTRA = "ai.djl.pytorch.num_threads";
    private static final String INTER = "ai.djl.pytorch.num_interop_threads";

    private TorchThreads() {}

    /** Sets the thread counts and offline mode unless the user already set them. Call before any DJL use. */
    public static void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("torch threads must be >= 1, got " + threads);
        }
        System.setProperty(INTRA, System.getProperty(INTRA, Integer.toString(threads)));
        System.setProperty(INTER, System.getProperty(INTER, "1"));
        // libtorch comes from the pytorch-native-cpu jar: DJL must never try to download it.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        String count = System.getProperty(INTRA);
        ProcessEnvironment.setIfAbsent("OMP_NUM_THREADS", count);
        ProcessEnvironment.setIfAbsent("MKL_NUM_THREADS", count);
    }
}
