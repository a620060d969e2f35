/**
 * The sequence models ChatWorld's roles share: a GRU encoder over prompt and response tokens, the token policy
 * that generates and scores responses, the encoder-with-scalar-head body of the reward model and critic, the
 * padded batch layout, and supervised fine-tuning on demonstrations.
 */
package dev.alignsim.policy.seq;
