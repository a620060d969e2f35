package dev.alignsim.env.labelers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.env.Rng;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelerPopulationTest {

    private static final List<LabelerSpec> SPECS = List.of(
            new LabelerSpec("careful", "boltzmann", Map.of("temperature", 0.1), 1.0),
            new LabelerSpec("sloppy", "boltzmann+inattention", Map.of("boltzmann.temperature", 1.0,
                    "inattention.q", 0.3), 3.0),
            new LabelerSpec("absent", "flip", Map.of("p", 0.5), 0.0));

    @Test
    void shouldPickLabelersInProportionToSharesWhenAssigningByPromptIndex() {
        LabelerPopulation population = new LabelerPopulation(Fixtures.WORLD, SPECS, 42);
        int careful = 0;
        int absent = 0;
        int n = 20_000;
        for (int prompt = 0; prompt < n; prompt++) {
            String id = population.labelerFor(prompt).id();
            careful += id.equals("careful") ? 1 : 0;
            absent += id.equals("absent") ? 1 : 0;
        }

        assertEquals(0.25, careful / (double) n, 0.02);
        assertEquals(0, absent);
    }

    @Test
    void shouldPickLabelersInProportionToSharesWhenSampling() {
        LabelerPopulation population = new LabelerPopulation(Fixtures.WORLD, SPECS, 42);
        Rng rng = new Rng(3);
        int sloppy = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            sloppy += population.sample(rng).id().equals("sloppy") ? 1 : 0;
        }

        assertEquals(0.75, sloppy / (double) n, 0.02);
    }

    @Test
    void shouldAssignTheSameLabelerWhenPopulationSeedAndPromptAreTheSame() {
        LabelerPopulation a = new LabelerPopulation(Fixtures.WORLD, SPECS, 42);
        LabelerPopulation b = new LabelerPopulation(Fixtures.WORLD, SPECS, 42);
        for (int prompt = 0; prompt < 1_000; prompt++) {
            assertEquals(a.labelerFor(prompt).id(), b.labelerFor(prompt).id());
        }
        assertSame(a.labeler("careful"), a.labelerFor(findCareful(a)));
    }

    @Test
    void shouldGiveEachLabelerItsOwnSeedWhenBuilt() {
        LabelerPopulation population = new LabelerPopulation(Fixtures.WORLD, SPECS, 42);
        LabelerPopulation other = new LabelerPopulation(Fixtures.WORLD, SPECS, 43);

        assertNotEquals(population.labeler("careful").seed(), population.labeler("sloppy").seed());
        assertNotEquals(population.labeler("careful").seed(), other.labeler("careful").seed());
    }

    @Test
    void shouldBehaveAsItsStrategyWhenAPopulationLabelerChooses() {
        LabelerPopulation population = new LabelerPopulation(Fixtures.WORLD, SPECS, 42);
        Labeler careful = population.labeler("careful");
        int agree = 0;
        for (int i = 0; i < 1_000; i++) {
            agree += careful.choose(Fixtures.TASK, Fixtures.GOOD, Fixtures.BAD) == 0 ? 1 : 0;
        }

        assertTrue(agree > 980, "agree " + agree);
        assertEquals(1_000, careful.labelsGiven());
    }

    @Test
    void shouldRejectSharesWhenNegativeOrSummingToZero() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new LabelerSpec("x", "flip", Map.of("p", 0.1), -1.0));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new LabelerPopulation(Fixtures.WORLD,
                        List.of(new LabelerSpec("x", "flip", Map.of("p", 0.1), 0.0)), 1));

        assertTrue(negative.getMessage().contains("share"), negative.getMessage());
        assertTrue(zero.getMessage().contains("sum"), zero.getMessage());
    }

    @Test
    void shouldNameTheLabelerWhenItsStrategyIsInvalidOrItsIdRepeats() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new LabelerPopulation(Fixtures.WORLD,
                        List.of(new LabelerSpec("bob", "flip", Map.of("p", 0.9), 1.0)), 1));
        IllegalArgumentException repeat = assertThrows(IllegalArgumentException.class,
                () -> new LabelerPopulation(Fixtures.WORLD, List.of(
                        new LabelerSpec("bob", "flip", Map.of("p", 0.1), 1.0),
                        new LabelerSpec("bob", "flip", Map.of("p", 0.1), 1.0)), 1));

        assertTrue(bad.getMessage().contains("'bob'") && bad.getMessage().contains("'p'"), bad.getMessage());
        assertTrue(repeat.getMessage().contains("'bob' appears twice"), repeat.getMessage());
    }

    private static int findCareful(LabelerPopulation population) {
        for (int prompt = 0; ; prompt++) {
            if (population.labelerFor(prompt).id().equals("careful")) {
                return prompt;
            }
        }
    }
}
