package dev.alignsim.app.cli;

import com.typesafe.config.Config;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.file.Path;

/**
 * Where a run directory that holds a store stands, read as {@code resume} reads it (read-only, so a run still
 * writing is not disturbed): a sweep decides from it whether to skip an experiment, resume it or start it again.
 */
public final class RunCompletion {
    private RunCompletion() {}

    /** Where a stored run stands. */
    public enum State {
        /** Every iteration (control world) or stage (ChatWorld) is stored: nothing to do. */
        COMPLETE,
        /** {@code alignsim resume} continues it exactly. */
        RESUMABLE,
        /** A TAMER run keeps no checkpoint: it can only start again. */
        NOT_RESUMABLE
    }

    /** @throws dev.alignsim.storage.rocks.StoreException when the store cannot be read */
    public static State of(Path dir) {
        try (RunStore store = RunStore.open(dir, false, StoreOptions.defaults())) {
            Config resolved = SettingsLoader.loadStored(store.config());
            if (SettingsLoader.isChat(resolved)) {
                return ResumePlan.chat(dir, store, SettingsLoader.chat(resolved), SettingsLoader.rlhf(resolved), SettingsLoader.dpo(resolved)).complete()
                        ? State.COMPLETE : State.RESUMABLE;
            }
            if (store.complete()) {
                return State.COMPLETE;
            }
            return SettingsLoader.experiment(resolved).feedback().tamerMode() ? State.NOT_RESUMABLE : State.RESUMABLE;
        }
    }
}
