package dev.alignsim.policy.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the {@code device = auto | cpu | gpu} setting against what DJL's engine offers. Maven Central
 * serves only a CPU libtorch for our PyTorch version, so a GPU is used only where the engine that loaded has
 * CUDA and sees a GPU (a CUDA libtorch named by {@code PYTORCH_LIBRARY_PATH}).
 */
public final class ComputeDevice {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeDevice.class);

    private ComputeDevice() {}

    /** The device to train on; logs one line saying which and why. */
    public static Device resolve(DeviceChoice choice) {
        return switch (choice) {
            case CPU -> {
                LOG.info("device: cpu (as configured)");
                yield Device.cpu();
            }
            case GPU -> {
                int gpus = gpuCount();
                if (gpus < 1) {
                    throw new IllegalArgumentException("device = gpu, but the PyTorch engine " + engineDescription()
                            + " sees no usable GPU; expected a CUDA build of libtorch (set PYTORCH_LIBRARY_PATH) and a "
                            + "visible NVIDIA GPU, or use device = auto | cpu");
                }
                LOG.info("device: gpu(0) of {} (as configured)", gpus);
                yield Device.gpu();
            }
            case AUTO -> {
                int gpus = gpuCount();
                if (gpus > 0) {
                    LOG.info("device: gpu(0) (auto: the engine has CUDA and sees {} GPU(s))", gpus);
                    yield Device.gpu();
                }
                LOG.info("device: cpu (auto: engine {} has no CUDA GPU)", engineDescription());
                yield Device.cpu();
            }
        };
    }

    private static int gpuCount() {
        return Engine.getInstance().getGpuCount();
    }

    private static String engineDescription() {
        Engine engine = Engine.getInstance();
        return engine.getEngineName() + " " + engine.getVersion();
    }
}
