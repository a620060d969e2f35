package dev.alignsim.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.cli.InvalidArgumentException;
import dev.alignsim.app.config.InvalidSettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void base() throws Exception {
        Files.writeString(dir.resolve("base.conf"), "env = \"CartPole-v1\"\ntotal_timesteps = 2048\nnum_envs = 4\nnum_steps = 64\n");
    }

    private SweepFile sweep(String text) throws Exception {
        Path file = dir.resolve("sweep.conf");
        Files.writeString(file, text);
        return SweepFile.read(file);
    }

    @Test
    void shouldMultiplyGridRunsAndSeedsWhenAllAreGiven() throws Exception {
        SweepFile file = sweep("base = \"base.conf\"\ngrid { \"ppo.gamma\" = [0.9, 0.99] }\nruns = [ { num_envs = 4 }, { num_envs = 8 } ]\n"
                + "seeds = [1, 2, 3]");
        Sweep sweep = Sweep.prepare(file, dir.resolve("root"));
        assertEquals(12, sweep.experiments().size());
        assertTrue(sweep.experiments().stream().anyMatch(e -> e.name().equals("num_envs=8_ppo.gamma=0.99-seed3")), sweep.experiments().toString());
    }

    @Test
    void shouldNameTheKeyWhenAGridValueIsNotAList() throws Exception {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> sweep("base = \"base.conf\"\ngrid { \"ppo.gamma\" = 0.9 }\nseeds = [1]"));
        assertTrue(e.getMessage().contains("grid.\"ppo.gamma\" = 0.9: expected a non-empty list"), e.getMessage());
    }

    @Test
    void shouldRefuseTheSeedWhenItIsASetting() throws Exception {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> sweep("base = \"base.conf\"\nruns = [ { seed = 4 } ]\nseeds = [1]"));
        assertTrue(e.getMessage().contains("runs[0].seed is set"), e.getMessage());
    }

    @Test
    void shouldNameTheExperimentAndKeyWhenASettingIsInvalid() throws Exception {
        SweepFile file = sweep("base = \"base.conf\"\ngrid { \"ppo.gamma\" = [0.9, 7] }\nseeds = [1]");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> Sweep.prepare(file, dir.resolve("root")));
        assertTrue(e.getMessage().contains("experiment ppo.gamma=7-seed1") && e.getMessage().contains("alignsim.ppo.gamma"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownKeyWhenReadingTheSweepFile() throws Exception {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> sweep("base = \"base.conf\"\nseed = [1]"));
        assertTrue(e.getMessage().contains(": seed is not a sweep key"), e.getMessage());
    }

    @Test
    void shouldRefuseARootWhenItHoldsAnotherSweep() throws Exception {
        Sweep.prepare(sweep("base = \"base.conf\"\nseeds = [1, 2]"), dir.resolve("root"));
        SweepFile other = sweep("base = \"base.conf\"\nseeds = [1, 2, 3]");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Sweep.prepare(other, dir.resolve("root")));
        assertTrue(e.getMessage().contains("holds another sweep"), e.getMessage());
    }

    @Test
    void shouldReadTheSameExperimentsWhenOpeningTheRoot() throws Exception {
        Sweep prepared = Sweep.prepare(sweep("base = \"base.conf\"\ngrid { \"ppo.gamma\" = [0.9, 0.99] }\nseeds = [5]"), dir.resolve("root"));
        assertEquals(prepared.experiments(), Sweep.open(dir.resolve("root")).experiments());
        assertEquals(List.of("ppo.gamma=0.9-seed5", "ppo.gamma=0.99-seed5"), prepared.experiments().stream().map(Experiment::name).toList());
    }

    @Test
    void shouldGiveTwoSettingsTimesThreeSeedsWhenReadingTheShippedExample() {
        SweepFile sweep = SweepFile.read(Path.of("..", "examples", "sweep-cartpole.conf"));

        assertEquals(2, sweep.points().size());
        assertEquals(List.of(1L, 2L, 3L), sweep.seeds());
        assertTrue(Files.isRegularFile(sweep.base()), "base " + sweep.base());
    }
}
