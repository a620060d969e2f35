package dev.alignsim.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvsTest {

    @Test
    void shouldListTheThreeClassicControlIdsWhenAsked() {
        assertEquals(Set.of("CartPole-v1", "Acrobot-v1", "Pendulum-v1"), Envs.ids());
    }

    @Test
    void shouldCreateEnvWithThatIdWhenIdIsKnown() {
        for (String id : Envs.ids()) {
            assertEquals(id, Envs.create(id).id());
        }
    }

    @Test
    void shouldCreateNewInstanceWhenCalledTwice() {
        assertNotSame(Envs.create("CartPole-v1"), Envs.create("CartPole-v1"));
    }

    @Test
    void shouldThrowNamingIdAndKnownIdsWhenIdIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.create("CartPole-v0"));

        String message = e.getMessage();
        assertTrue(message.contains("CartPole-v0"), message);
        assertTrue(message.contains("CartPole-v1") && message.contains("Acrobot-v1") && message.contains("Pendulum-v1"),
                message);
    }

    @Test
    void shouldRefuseToModifyIdsWhenCallerTries() {
        assertThrows(UnsupportedOperationException.class, () -> Envs.ids().add("MountainCar-v0"));
    }
}
