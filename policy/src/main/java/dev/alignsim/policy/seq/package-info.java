/**
 * The sequence models ChatWorld's roles share: an encoder over prompt and response tokens ({@code SequenceEncoder}:
 * a GRU, or a small causal Transformer, as {@code chat.model.kind} chooses), the token policy that generates and
 * scores responses, the encoder-with-scalar-head body of the reward model and critic, the padded batch layout, and
 * supervised fine-tuning on demonstrations.
 */
package dev.alignsim.policy.seq;
