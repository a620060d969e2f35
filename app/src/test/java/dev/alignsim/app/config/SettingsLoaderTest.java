package dev.alignsim.app.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.experiment.ActorSettings;
import dev.alignsim.actors.experiment.ExperimentSettings;
import dev.alignsim.env.EnvId;
import dev.alignsim.policy.device.DeviceChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsLoaderTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    private static ExperimentSettings settings(Path file, String... overrides) {
        return SettingsLoader.experiment(SettingsLoader.load(file, controlWorld(file, overrides)));
    }

    /** Loads and builds the experiment, expecting the input to be rejected. */
    private static InvalidSettingsException rejected(Path file, String... overrides) {
        return assertThrows(InvalidSettingsException.class, () -> settings(file, overrides));
    }

    /** The overrides, after env = CartPole-v1 when no file names the world: the defaults are ChatWorld's pipeline. */
    private static List<String> controlWorld(Path file, String... overrides) {
        List<String> out = new ArrayList<>();
        Config fromFile;
        try {
            fromFile = file == null || !Files.isRegularFile(file) ? ConfigFactory.empty() : ConfigFactory.parseFile(file.toFile());
        } catch (ConfigException e) {
            fromFile = ConfigFactory.empty(); // not HOCON: the loader under test reports it
        }
        if (!fromFile.hasPath("env") && !fromFile.hasPath("alignsim.env")) {
            out.add("env=CartPole-v1");
        }
        out.addAll(List.of(overrides));
        return out;
    }

    private static void assertMentions(InvalidSettingsException e, String text) {
        assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
    }

    private Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    /** The example experiments; sweep files (examples/sweep-*.conf) are another format, checked by SweepFileTest. */
    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> confs = files.filter(p -> p.getFileName().toString().endsWith(".conf"))
                    .filter(p -> !p.getFileName().toString().startsWith("sweep-")).sorted().toList();
            assertFalse(confs.isEmpty(), "no examples/*.conf found from " + Path.of("").toAbsolutePath());
            return confs.stream();
        }
    }

    // --- defaults ---

    @Test
    void shouldGiveCleanRlCartPoleExperimentWhenNoFileAndNoOverrides() {
        ExperimentSettings s = settings(null);

        assertEquals(EnvId.CART_POLE, s.env());
        assertEquals(4, s.numEnvs());
        assertEquals(128, s.numSteps());
        assertEquals(500_000L, s.totalTimesteps());
    }

    @Test
    void shouldGiveCleanRlPpoHyperParametersWhenNoFileAndNoOverrides() {
        ExperimentSettings s = settings(null);

        assertEquals(2.5e-4, s.ppo().learningRate());
        assertEquals(4, s.ppo().numMinibatches());
        assertEquals(4, s.ppo().updateEpochs());
    }

    @Test
    void shouldGiveNaNTargetKlWhenTargetKlIsNull() {
        ExperimentSettings s = settings(null);

        assertTrue(Double.isNaN(s.ppo().targetKl()), "target_kl was " + s.ppo().targetKl());
        assertFalse(s.ppo().hasTargetKl());
    }

    @Test
    void shouldReadTargetKlWhenOverridden() {
        assertEquals(0.015, settings(null, "ppo.target_kl=0.015").ppo().targetKl());
    }

    // --- examples ---

    @ParameterizedTest
    @MethodSource("examples")
    void shouldLoadAndValidateWhenConfigIsAnExample(Path example) {
        Config config = SettingsLoader.load(example, List.of());

        if (SettingsLoader.isChat(config)) {
            assertTrue(SettingsLoader.chat(config).pipeline().contains(StageName.SFT), example.toString());
            assertTrue(SettingsLoader.rlhf(config).iterations() >= 1, example.toString());
        } else {
            assertEquals(config.getString("alignsim.env"), SettingsLoader.experiment(config).env().id());
        }
        assertTrue(SettingsLoader.torchThreads(config) >= 1);
    }

    @Test
    void shouldTakeValuesFromFileWhenExampleOverridesDefaults() {
        ExperimentSettings s = settings(EXAMPLES.resolve("cartpole-fast.conf"));

        assertEquals(8, s.numEnvs());
        assertEquals(32, s.numSteps());
        assertEquals(20, s.ppo().updateEpochs());
        assertEquals(0.98, s.ppo().gamma());
    }

    // --- overrides ---

    @Test
    void shouldPreferSetOverFileWhenBothGiveValue() throws IOException {
        Path conf = file("a.conf", "num_envs = 8\nseed = 5\n");

        ExperimentSettings s = settings(conf, "num_envs=2");

        assertEquals(2, s.numEnvs());
        assertEquals(5L, s.seed());
    }

    @Test
    void shouldApplyOverrideWhenKeyHasAlignsimPrefix() {
        assertEquals(0.95, settings(null, "alignsim.ppo.gamma=0.95").ppo().gamma());
    }

    @Test
    void shouldApplyOverrideWhenKeyHasNoPrefix() {
        assertEquals(0.95, settings(null, "ppo.gamma=0.95").ppo().gamma());
    }

    @Test
    void shouldApplyLastOverrideWhenKeyIsSetTwice() {
        assertEquals(7L, settings(null, "seed=3", "seed=7").seed());
    }

    @Test
    void shouldRejectOverrideWhenItHasNoEquals() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.load(null, List.of("num_envs")));

        assertMentions(e, "num_envs");
    }

    @Test
    void shouldRejectOverrideWhenKeyIsEmpty() {
        assertThrows(InvalidSettingsException.class, () -> SettingsLoader.load(null, List.of("=4")));
    }

    // --- unknown keys and wrong types ---

    @Test
    void shouldNameKeyWhenOverrideKeyIsUnknown() {
        InvalidSettingsException e = rejected(null, "ppo.learnig_rate=1");

        assertMentions(e, "ppo.learnig_rate");
    }

    @Test
    void shouldNameKeyWhenFileKeyIsUnknown() throws IOException {
        Path conf = file("typo.conf", "num_env = 8\n");

        InvalidSettingsException e = rejected(conf);

        assertMentions(e, "alignsim.num_env");
    }

    @Test
    void shouldNameKeyWhenValueHasWrongType() {
        InvalidSettingsException e = rejected(null, "num_envs=abc");

        assertMentions(e, "num_envs");
    }

    @Test
    void shouldNameKeyWhenBooleanHasWrongType() {
        InvalidSettingsException e = rejected(null, "ppo.anneal_lr=maybe");

        assertMentions(e, "ppo.anneal_lr");
    }

    @Test
    void shouldRejectFractionWhenSettingIsAnInteger() {
        InvalidSettingsException e = rejected(null, "num_envs=4.5");

        assertMentions(e, "alignsim.num_envs");
    }

    @Test
    void shouldRejectUnknownKeyWhenItsValueIsNull() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.load(null, List.of("ppo.learnig_rate=null")));

        assertMentions(e, "alignsim.ppo.learnig_rate");
    }

    // --- ranges ---

    @Test
    void shouldNameQualifiedKeyWhenGammaIsAboveOne() {
        InvalidSettingsException e = rejected(null, "ppo.gamma=1.5");

        assertMentions(e, "alignsim.ppo.gamma");
    }

    @Test
    void shouldNameQualifiedKeyWhenNumEnvsIsZero() {
        InvalidSettingsException e = rejected(null, "num_envs=0");

        assertMentions(e, "alignsim.num_envs");
    }

    @Test
    void shouldNameQualifiedKeyWhenNumRunnersDoesNotDivideNumEnvs() {
        InvalidSettingsException e = rejected(null, "num_runners=3", "num_envs=4");

        assertMentions(e, "alignsim.num_runners");
    }

    @Test
    void shouldNameQualifiedKeyWhenNumMinibatchesDoesNotDivideBatch() {
        InvalidSettingsException e = rejected(null, "ppo.num_minibatches=3");

        assertMentions(e, "alignsim.ppo.num_minibatches");
        assertMentions(e, "512");
    }

    @Test
    void shouldNameQualifiedKeyWhenTotalTimestepsIsBelowOneBatch() {
        InvalidSettingsException e = rejected(null, "total_timesteps=100");

        assertMentions(e, "alignsim.total_timesteps");
    }

    @Test
    void shouldNameKeyWhenTorchThreadsIsZero() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.load(null, List.of("torch_threads=0")));

        assertMentions(e, "alignsim.torch_threads");
    }

    // --- actors ---

    @Test
    void shouldGiveReferenceActorSettingsWhenNoFileAndNoOverrides() {
        assertEquals(new ActorSettings(Duration.ofSeconds(120), 3), settings(null).actors());
    }

    @Test
    void shouldReadMaxRecoveriesWhenOverridden() {
        assertEquals(5, settings(null, "actors.max_recoveries=5").actors().maxRecoveries());
    }

    @Test
    void shouldReadAskTimeoutWhenOverridden() {
        assertEquals(Duration.ofMillis(1500), settings(null, "actors.ask_timeout=1500ms").actors().askTimeout());
    }

    @Test
    void shouldNameQualifiedKeyWhenMaxRecoveriesIsNegative() {
        InvalidSettingsException e = rejected(null, "actors.max_recoveries=-1");

        assertMentions(e, "alignsim.actors.max_recoveries");
        assertMentions(e, ">= 0");
    }

    @Test
    void shouldNameQualifiedKeyWhenAskTimeoutIsZero() {
        InvalidSettingsException e = rejected(null, "actors.ask_timeout=0s");

        assertMentions(e, "alignsim.actors.ask_timeout");
        assertMentions(e, "positive");
    }

    // --- env and device ---

    @Test
    void shouldNameKeyAndValidIdsWhenEnvIsUnknown() {
        InvalidSettingsException e = rejected(null, "env=MountainCar-v0");

        assertMentions(e, "alignsim.env");
        assertMentions(e, "'MountainCar-v0'");
        assertMentions(e, "CartPole-v1, Acrobot-v1, Pendulum-v1, ChatWorld");
    }

    @Test
    void shouldNameKeyAndValidIdsWhenStoredEnvIsUnknown() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.loadStored("alignsim { env = MountainCar-v0 }"));

        assertMentions(e, "alignsim.env");
        assertMentions(e, "ChatWorld");
    }

    @Test
    void shouldNameKeyAndControlWorldsWhenExperimentIsAskedOfChatWorld() {
        Config config = SettingsLoader.load(null, List.of("env=ChatWorld"));

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> SettingsLoader.experiment(config));

        assertMentions(e, "alignsim.env");
        assertMentions(e, "[CartPole-v1, Acrobot-v1, Pendulum-v1]");
    }

    @Test
    void shouldNameAllowedValuesWhenDeviceIsUnknown() {
        InvalidSettingsException e = rejected(null, "device=tpu");

        assertMentions(e, "alignsim.device");
        assertMentions(e, "auto, cpu, gpu");
        assertMentions(e, "tpu");
    }

    @Test
    void shouldAcceptDeviceWhenGivenInUpperCase() {
        assertEquals(DeviceChoice.CPU, settings(null, "device=CPU").device());
    }

    // --- config files ---

    @Test
    void shouldNamePathWhenConfigFileIsMissing() {
        Path missing = dir.resolve("nope.conf");

        InvalidSettingsException e = rejected(missing);

        assertMentions(e, missing.toString());
    }

    @Test
    void shouldNamePathWhenConfigFileIsDirectory() {
        InvalidSettingsException e = rejected(dir);

        assertMentions(e, dir.toString());
    }

    @Test
    void shouldNameFileWhenConfigIsNotValidHocon() throws IOException {
        Path broken = file("broken.conf", "ppo {\n  gamma = 0.9\n");

        InvalidSettingsException e = rejected(broken);

        assertMentions(e, broken.toString());
        assertMentions(e, "HOCON");
    }

    // --- render ---

    @Test
    void shouldParseBackToSameExperimentWhenRenderedConfigIsLoaded() throws IOException {
        Config original = SettingsLoader.load(EXAMPLES.resolve("pendulum.conf"),
                List.of("seed=42", "hidden=[32, 16]", "ppo.target_kl=0.02", "device=cpu"));
        ExperimentSettings expected = SettingsLoader.experiment(original);
        Path rendered = file("config.conf", SettingsLoader.render(original));

        ExperimentSettings actual = settings(rendered);

        assertEquals(expected.env(), actual.env());
        assertEquals(expected.seed(), actual.seed());
        assertEquals(expected.totalTimesteps(), actual.totalTimesteps());
        assertEquals(expected.numEnvs(), actual.numEnvs());
        assertEquals(expected.numSteps(), actual.numSteps());
        assertEquals(expected.numRunners(), actual.numRunners());
        assertArrayEquals(expected.hidden(), actual.hidden());
        assertEquals(expected.device(), actual.device());
        assertEquals(expected.normalizeObservations(), actual.normalizeObservations());
        assertEquals(expected.normalizeRewards(), actual.normalizeRewards());
        assertEquals(expected.ppo(), actual.ppo());
    }

    @Test
    void shouldKeepNullTargetKlWhenRenderedDefaultsAreLoaded() throws IOException {
        Path rendered = file("config.conf", SettingsLoader.render(SettingsLoader.load(null, List.of())));

        assertTrue(Double.isNaN(settings(rendered, "env=CartPole-v1").ppo().targetKl()));
    }

    @Test
    void shouldRenderOnlyAlignsimSectionWhenConfigHasPekkoDefaults() {
        Config rendered = ConfigFactory.parseString(SettingsLoader.render(SettingsLoader.load(null, List.of())));

        assertTrue(rendered.hasPath("alignsim.env"), rendered.root().render());
        assertFalse(rendered.hasPath("pekko"), rendered.root().render());
    }
}
