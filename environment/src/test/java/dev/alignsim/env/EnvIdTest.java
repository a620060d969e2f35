package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnvIdTest {

    @Test
    void shouldFindWorldWhenIdIsExact() {
        assertEquals(EnvId.CHAT_WORLD, EnvId.of("ChatWorld"));
    }

    @Test
    void shouldListValidIdsWhenIdIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvId.of("MountainCar-v0"));

        assertTrue(e.getMessage().contains("'MountainCar-v0'")
                && e.getMessage().contains("CartPole-v1, Acrobot-v1, Pendulum-v1, ChatWorld"), e.getMessage());
    }

    @Test
    void shouldRejectIdWhenLetterCaseDiffers() {
        assertThrows(IllegalArgumentException.class, () -> EnvId.of("cartpole-v1"));
    }

    @Test
    void shouldHaveAFactoryForEveryControlWorldWhenEnvsIsAsked() {
        Set<String> control = EnvId.controlWorlds().stream().map(EnvId::id).collect(Collectors.toSet());

        assertEquals(control, Envs.ids());
    }

    @Test
    void shouldNotBeAControlWorldWhenChatWorld() {
        assertFalse(EnvId.CHAT_WORLD.isControlWorld());
    }
}
