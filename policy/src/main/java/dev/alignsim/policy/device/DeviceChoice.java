package dev.alignsim.policy.device;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code device} setting: where networks train. {@link ComputeDevice} turns it into a DJL device. */
public enum DeviceChoice {
    /** A GPU when the engine has CUDA and sees one, else the CPU. */
    AUTO,
    CPU,
    /** A GPU, or an error when the engine sees none. */
    GPU;

    /** The name as settings write it: auto, cpu or gpu. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The choice a setting names, in any letter case.
     *
     * @throws IllegalArgumentException for any other name; the message lists the valid ones
     */
    public static DeviceChoice of(String name) {
        for (DeviceChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("unknown device '" + name + "'; expected one of " + validNames());
    }

    /** The valid names, as settings write them: "auto, cpu, gpu". */
    public static String validNames() {
        return Arrays.stream(values()).map(DeviceChoice::settingName).collect(Collectors.joining(", "));
    }

    /** As settings write it, so that messages and rendered settings read as the user wrote them. */
    @Override
    public String toString() {
        return settingName();
    }
}
