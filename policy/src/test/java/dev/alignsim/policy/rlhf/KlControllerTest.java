package dev.alignsim.policy.rlhf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KlControllerTest {

    @Test
    void shouldRaiseBetaProportionallyWhenKlIsAboveTarget() {
        KlController kl = KlController.adaptive(0.1, 2.0, 1000);
        // e = clip(2.2 / 2 - 1, -0.2, 0.2) = 0.1; beta = 0.1 * (1 + 0.1 * 100 / 1000) = 0.101
        kl.update(2.2, 100);
        assertEquals(0.101, kl.beta(), 1e-12);
    }

    @Test
    void shouldClipTheErrorWhenKlIsFarFromTarget() {
        KlController high = KlController.adaptive(0.1, 2.0, 1000);
        high.update(20.0, 100);
        // e = clip(9, -0.2, 0.2) = 0.2; beta = 0.1 * 1.02
        assertEquals(0.102, high.beta(), 1e-12);
        KlController low = KlController.adaptive(0.1, 2.0, 1000);
        low.update(0.0, 100);
        // e = clip(-1, -0.2, 0.2) = -0.2; beta = 0.1 * 0.98
        assertEquals(0.098, low.beta(), 1e-12);
    }

    @Test
    void shouldKeepBetaWhenFixed() {
        KlController kl = KlController.fixed(0.05);
        kl.update(100.0, 256);
        assertEquals(0.05, kl.beta());
    }

    @Test
    void shouldRejectNonPositiveTargetWhenAdaptive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KlController.adaptive(0.1, 0.0, 1000));
        assertEquals(true, e.getMessage().contains("kl_target"), e.getMessage());
    }
}
