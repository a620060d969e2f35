/**
 * The control world's env-runner actor: it owns a slice of the vector environment and an acting copy of the policy
 * in plain Java, and answers each request with a whole rollout. It depends on the environment and policy modules
 * only; it must not depend on another actors package or on storage (the coordinator turns its rollouts into records).
 */
package dev.alignsim.actors.envrunner;
