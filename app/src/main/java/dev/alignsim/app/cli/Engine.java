package dev.alignsim.app.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import dev.alignsim.app.config.InvalidSettingsException;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.app.console.NativeStderr;
import dev.alignsim.policy.device.ComputeDevice;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.device.TorchThreads;

/** The PyTorch engine a command trains or evaluates with, set up before anything is written. */
final class Engine {
    private Engine() {}

    /**
     * Sets PyTorch's threads, resolves the device ({@code device = gpu} without one is bad input) and has libtorch
     * print its one-time deprecation warning into the void rather than on the console.
     */
    static Device prepare(Config resolved, DeviceChoice choice) {
        TorchThreads.configure(SettingsLoader.torchThreads(resolved));
        Device device;
        try {
            device = ComputeDevice.resolve(choice);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("alignsim.device = " + choice.settingName() + ": "
                    + e.getMessage());
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray probe = manager.zeros(new Shape(1));
            // "AutoNonVariableTypeMode is deprecated": libtorch warns once per process, the first time values are set.
            NativeStderr.silenced(() -> probe.set(probe.toByteBuffer()));
        }
        return device;
    }
}
