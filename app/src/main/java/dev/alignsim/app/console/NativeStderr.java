package dev.alignsim.app.console;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action with the process's standard error (file descriptor 2) sent to {@code /dev/null}, then restores it.
 * For native code that writes there directly, past Java's {@code System.err}: libtorch prints a deprecation warning
 * once per process, from C++, the first time DJL copies values into a tensor.
 */
public final class NativeStderr {
    private static final Logger LOG = LoggerFactory.getLogger(NativeStderr.class);
    private static final int STDERR = 2;
    private static final int WRITE_ONLY = 1;

    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private NativeStderr() {}

    /** Runs {@code action} with native writes to standard error discarded; on Windows it just runs it. */
    public static void silenced(Runnable action) {
        if (Platform.isWindows()) {
            action.run();
            return;
        }
        LibC libc = Native.load("c", LibC.class);
        System.err.flush();
        int saved = libc.dup(STDERR);
        int sink = libc.open("/dev/null", WRITE_ONLY);
        if (saved < 0 || sink < 0 || libc.dup2(sink, STDERR) < 0) {
            LOG.debug("cannot redirect standard error; running without");
            closeAll(libc, saved, sink);
            action.run();
            return;
        }
        try {
            action.run();
        } finally {
            libc.dup2(saved, STDERR);
            closeAll(libc, saved, sink);
        }
    }

    private static void closeAll(LibC libc, int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                libc.close(fd);
            }
        }
    }
}
