package dev.alignsim.env.labelers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelerStrategiesTest {

    @Test
    void shouldRegisterEveryBuiltInWhenLoadedThroughServiceLoader() {
        assertTrue(LabelerStrategies.names().containsAll(Set.of("boltzmann", "flip", "length_bias",
                "position_bias", "inattention", "fatigue", "persona", "partial_knowledge", "compliant", "cautious")),
                "names " + LabelerStrategies.names());
    }

    @Test
    void shouldListKnownNamesWhenTheNameIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelerStrategies.create("bolzmann", Map.of()));

        assertTrue(e.getMessage().contains("'bolzmann'") && e.getMessage().contains("boltzmann")
                && e.getMessage().contains("partial_knowledge"), e.getMessage());
    }

    @Test
    void shouldNameTheParameterWhenARequiredOneIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelerStrategies.create("boltzmann", Map.of()));

        assertTrue(e.getMessage().contains("missing parameter 'temperature'"), e.getMessage());
    }

    @Test
    void shouldNameTheParameterAndRangeWhenOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelerStrategies.create("flip", Map.of("p", 0.7)));

        assertTrue(e.getMessage().contains("'p'") && e.getMessage().contains("[0.0, 0.5]"), e.getMessage());
    }

    @Test
    void shouldRejectNonFiniteValuesWhenInRangeOtherwise() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelerStrategies.create("length_bias", Map.of("beta", Double.NaN)));

        assertTrue(e.getMessage().contains("'beta'") && e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void shouldNameTheParameterWhenItIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelerStrategies.create("inattention", Map.of("q", 0.1, "temperature", 1.0)));

        assertTrue(e.getMessage().contains("unknown parameter 'temperature'") && e.getMessage().contains("q"),
                e.getMessage());
    }

    @Test
    void shouldNameThePrefixedParameterWhenAChainStageIsMisconfigured() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> LabelerStrategies.create("length_bias+boltzmann", Map.of("length_bias.beta", 1.0)));
        IllegalArgumentException unknownStage = assertThrows(IllegalArgumentException.class,
                () -> LabelerStrategies.create("length_bias+boltzmann",
                        Map.of("length_bias.beta", 1.0, "boltzmann.temperature", 1.0, "flip.p", 0.1)));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> LabelerStrategies.create("flip+flip", Map.of()));

        assertTrue(missing.getMessage().contains("'boltzmann.temperature'"), missing.getMessage());
        assertTrue(unknownStage.getMessage().contains("'flip.p'"), unknownStage.getMessage());
        assertTrue(twice.getMessage().contains("'flip' twice"), twice.getMessage());
    }

    @Test
    void shouldBuildACompositeInOrderWhenTheNameIsAChain() {
        LabelerStrategy s = LabelerStrategies.create("persona+length_bias+boltzmann",
                Map.of("length_bias.beta", 0.5, "boltzmann.temperature", 1.0));

        CompositeStrategy composite = assertInstanceOf(CompositeStrategy.class, s);
        assertEquals(3, composite.stages().size());
    }

    @Test
    void shouldApplyStagesInOrderWhenComposed() {
        // persona replaces the utility, so a length bias before it is lost and one after it is kept.
        LabelingContext ctx = Fixtures.context(Fixtures.WORLD, 1, 0);
        double gold = ctx.gold(Fixtures.TASK, Fixtures.GOOD).total();
        double after = LabelerStrategies.create("persona+length_bias", Map.of("length_bias.beta", 1.0))
                .score(Fixtures.TASK, Fixtures.GOOD, ctx);
        double before = LabelerStrategies.create("length_bias+persona", Map.of("length_bias.beta", 1.0))
                .score(Fixtures.TASK, Fixtures.GOOD, ctx);

        assertEquals(gold + 3.0, after, 1e-12);
        assertEquals(gold, before, 1e-12);
    }
}
