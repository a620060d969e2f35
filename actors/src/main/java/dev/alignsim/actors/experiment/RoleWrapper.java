package dev.alignsim.actors.experiment;

import org.apache.pekko.actor.typed.Behavior;

/**
 * Wraps each role actor's behaviour as the coordinator spawns it. Production runs leave roles as they are
 * ({@link #NONE}); tests wrap them to count their messages and to make one crash or stall on a chosen message.
 */
public interface RoleWrapper {

    RoleWrapper NONE = new RoleWrapper() {
        @Override
        public <T> Behavior<T> wrap(String role, Behavior<T> behavior) {
            return behavior;
        }
    };

    /** @param role the role's name ({@link Roles#POLICY}, {@link Roles#CRITIC}, {@link Roles#runner}), the same in every incarnation */
    <T> Behavior<T> wrap(String role, Behavior<T> behavior);
}
