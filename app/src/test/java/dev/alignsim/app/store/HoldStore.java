package dev.alignsim.app.store;

import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;

/** A process that opens a run's store for writing, says so, and holds it until it is killed. */
public final class HoldStore {
    private HoldStore() {}

    public static void main(String[] args) throws Exception {
        try (RunStore store = RunStore.open(Path.of(args[0]), true, StoreOptions.defaults())) {
            System.out.println("holding " + store.runDirectory());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
