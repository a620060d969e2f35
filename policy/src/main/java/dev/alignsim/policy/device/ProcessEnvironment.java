package dev.alignsim.policy.device;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Sets variables in this process's native environment (libc's {@code setenv}), where native libraries loaded
 * afterwards read them. Java's own {@code System.getenv} keeps its copy from start-up and does not see them.
 */
final class ProcessEnvironment {
    private ProcessEnvironment() {}

    private interface LibC extends Library {
        String getenv(String name);

        int setenv(String name, String value, int overwrite);
    }

    /** Sets {@code name} unless the process already has it; a no-op on Windows. */
    static void setIfAbsent(String name, String value) {
        if (Platform.isWindows()) {
            return;
        }
        LibC libc = Native.load("c", LibC.class);
        if (libc.getenv(name) == null && libc.setenv(name, value, 0) != 0) {
            throw new IllegalStateException("cannot set " + name + " in the process environment");
        }
    }
}
