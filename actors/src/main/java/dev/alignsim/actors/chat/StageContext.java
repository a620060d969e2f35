package dev.alignsim.actors.chat;

import ai.djl.Device;
import dev.alignsim.actors.lifecycle.StopRequest;
import dev.alignsim.storage.RunDirectory;
import dev.alignsim.storage.RunStore;
import java.util.function.Consumer;

/**
 * What every stage of one run works with: the world, the run's store and directory, the device networks live on,
 * the console a stage reports its one-line summary to, and the request that stops the run at its next boundary.
 */
public record StageContext(ChatWorld world, RunStore store, RunDirectory directory, Device device, Consumer<String> console,
        StopRequest stop) {

    /** A context whose run stops when the command line's signal handlers ask ({@link StopRequest#process()}). */
    public StageContext(ChatWorld world, RunStore store, RunDirectory directory, Device device, Consumer<String> console) {
        this(world, store, directory, device, console, StopRequest.process());
    }

    public ChatSettings settings() {
        return world.settings();
    }

    /** Loads what earlier stages stored. */
    public StoredModels models() {
        return new StoredModels(store, world.modelSpec(), device, GroupRewards.memberWeights(world.settings()));
    }
}
