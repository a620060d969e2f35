package dev.alignsim.actors.chat;

import ai.djl.Device;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import java.util.function.Consumer;

/**
 * What every stage of one run works with: the world, the run's store and directory, the device networks live on,
 * and the console a stage reports its one-line summary to.
 */
public record StageContext(ChatWorld world, RunStore store, RunDirectory directory, Device device, Consumer<String> console) {

    public ChatSettings settings() {
        return world.settings();
    }

    /** Loads what earlier stages stored. */
    public StoredModels models() {
        return new StoredModels(store, world.modelSpec(), device);
    }
}
