package dev.alignsim.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.env.Env;
import dev.alignsim.env.EnvId;
import dev.alignsim.env.Envs;
import dev.alignsim.policy.seq.SequenceModelKind;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Sizes that settings imply together, checked before a run starts: the arrays a run allocates are indexed by
 * {@code int}, so a product of settings beyond what a Java array holds would overflow in the middle of a run (a
 * {@code NegativeArraySizeException} after the run directory was made). A ChatWorld model's weights must also fit
 * in the Java heap with their copies. Each refusal names a key of the product, the one the user gave when there is
 * one, and the product.
 */
final class SizeLimits {
    /** The most elements a Java array may hold on common JVMs. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /**
     * Copies of a ChatWorld model's weights a run holds in the Java heap at once, roughly: initial values, the
     * policy, critic, reward model and reference in checkpoint records, with Adam's two moments each.
     */
    private static final int WEIGHT_COPIES = 12;
    private static final List<String> WORLD = List.of("chat.world.topics", "chat.world.words_per_topic", "chat.world.entities",
            "chat.world.attributes", "chat.world.values", "chat.world.harm_categories", "chat.world.filler");

    private SizeLimits() {}

    /** A control world's rollout arrays, iterations and layers. */
    static void checkControlWorld(SettingReader r, EnvId env, ExperimentSettingsLoader.Blocks b) {
        Env probe = Envs.create(env.id());
        long width = Math.max(probe.observationSpace().flatDim(), probe.actionSpace().flatDim());
        within(r, List.of("num_envs", "num_steps"), "a rollout", "num_envs × num_steps × observation size", b.numEnvs(), b.numSteps(),
                width);
        long batch = (long) b.numEnvs() * b.numSteps();
        if (b.totalTimesteps() / batch > Integer.MAX_VALUE) {
            throw r.refusal("total_timesteps", "at most " + (long) Integer.MAX_VALUE * batch + " (" + Integer.MAX_VALUE
                    + " iterations of num_envs × num_steps = " + batch + " steps)");
        }
        long previous = probe.observationSpace().flatDim();
        for (int h : b.hidden()) {
            within(r, List.of("hidden"), "a layer's weights", "the widths of two consecutive layers multiplied", previous, h);
            previous = h;
        }
    }

    /** ChatWorld's vocabulary, knowledge base, model and the batches of its sft, label, rm stages and evaluation. */
    static void checkChat(SettingReader r, ChatSettings chat) {
        long vocabulary = vocabulary(r, chat);
        within(r, List.of("chat.world.entities", "chat.world.attributes"), "the knowledge base",
                "chat.world.entities × chat.world.attributes", chat.world().entities(), chat.world().attributes());
        long e = chat.model().embedding();
        long h = chat.model().hidden();
        boolean transformer = chat.model().kind() == SequenceModelKind.TRANSFORMER;
        within(r, List.of("chat.model.embedding"), "the embedding table", "vocabulary size × chat.model.embedding", vocabulary, e);
        if (transformer) {
            within(r, List.of("chat.model.embedding"), "an attention weight matrix", "3 × chat.model.embedding²", 3, e, e);
            within(r, List.of("chat.model.hidden", "chat.model.embedding"), "an MLP weight matrix",
                    "chat.model.hidden × chat.model.embedding", h, e);
            within(r, List.of("chat.model.embedding"), "the output layer", "chat.model.embedding × vocabulary size", e, vocabulary);
        } else {
            within(r, List.of("chat.model.hidden", "chat.model.embedding"), "a GRU weight matrix",
                    "3 × chat.model.hidden × max(embedding, hidden)", 3, h, Math.max(e, h));
            within(r, List.of("chat.model.hidden"), "the output layer", "chat.model.hidden × vocabulary size", h, vocabulary);
        }
        long sequence = sequence(chat);
        long k = chat.label().k();
        within(r, List.of("chat.label.prompts", "chat.label.k", "chat.model.response_length"), "a labeling batch",
                "chat.label.prompts × chat.label.k × sequence length", chat.label().prompts(), k, sequence);
        within(r, List.of("chat.rm.batch_size", "chat.label.k", "chat.model.response_length"), "a reward-model batch",
                "chat.rm.batch_size × C(chat.label.k, 2) pairs × sequence length", chat.rm().batchSize(), k * (k - 1) / 2, sequence);
        within(r, List.of("chat.sft.demonstrations", "chat.model.response_length"), "the demonstrations",
                "chat.sft.demonstrations × sequence length", chat.demonstrations(), sequence);
        within(r, List.of("chat.eval.prompts", "chat.model.response_length"), "an evaluation batch",
                "chat.eval.prompts × sequence length", chat.eval().prompts(), sequence);
        long layers = chat.model().layers();
        // In double: with many layers the count itself may pass Long.MAX_VALUE.
        double parameters = transformer
                ? (double) vocabulary * e + sequence * e + layers * (4.0 * e * e + 2.0 * e * h + 9.0 * e + h) + 2.0 * e
                        + (double) e * vocabulary + vocabulary
                : (double) vocabulary * e + 3.0 * h * (e + h + 2) + (layers - 1) * 3.0 * h * (2 * h + 2)
                        + (double) h * vocabulary + vocabulary;
        long heap = Runtime.getRuntime().maxMemory();
        if (parameters * Float.BYTES * WEIGHT_COPIES > heap) {
            throw r.refusal(blame(r, List.of("chat.model.hidden", "chat.model.embedding", "chat.model.layers")), String.format(
                    Locale.ROOT, "a smaller model: chat.model.embedding = %d, hidden = %d and layers = %d make %.0f weights, which "
                    + "need about %.0f MiB of Java heap with their copies, and this JVM may use %.0f MiB (give it more with "
                    + "ALIGNSIM_JAVA_OPTS=-Xmx...)", e, h, layers, parameters, parameters * Float.BYTES * WEIGHT_COPIES / (1 << 20),
                    heap / (double) (1 << 20)));
        }
    }

    /** The batches of the ppo stage. */
    static void checkRlhf(SettingReader r, ChatSettings chat, RlhfSettings rlhf) {
        long sequence = sequence(chat);
        within(r, List.of("chat.ppo.batch_prompts", "chat.model.response_length"), "a PPO batch",
                "chat.ppo.batch_prompts × sequence length", rlhf.batchPrompts(), sequence);
        within(r, List.of("chat.ppo.label_prompts", "chat.label.k", "chat.model.response_length"), "a labeling round",
                "chat.ppo.label_prompts × chat.label.k × sequence length", rlhf.labelPrompts(), chat.label().k(), sequence);
    }

    private static long sequence(ChatSettings chat) {
        return ChatSettings.PROMPT_LENGTH + (long) chat.model().responseLength();
    }

    private static long vocabulary(SettingReader r, ChatSettings chat) {
        var w = chat.world();
        BigInteger size = BigInteger.valueOf(8).add(BigInteger.valueOf(w.topics()).multiply(BigInteger.valueOf(w.wordsPerTopic())))
                .add(BigInteger.valueOf((long) w.entities() + w.attributes() + w.values() + 2L * w.harmCategories() + w.filler()));
        if (size.compareTo(BigInteger.valueOf(MAX_ARRAY)) > 0) {
            throw r.refusal(blame(r, WORLD), "smaller world sizes: the vocabulary would hold " + size
                    + " tokens, more than a Java array holds (" + MAX_ARRAY + ")");
        }
        return size.longValue();
    }

    /** Refuses when the product of {@code factors} ({@code formula}) is more than an array holds. */
    private static void within(SettingReader r, List<String> keys, String what, String formula, long... factors) {
        BigInteger p = BigInteger.ONE;
        for (long f : factors) {
            p = p.multiply(BigInteger.valueOf(f));
        }
        if (p.compareTo(BigInteger.valueOf(MAX_ARRAY)) > 0) {
            throw r.refusal(blame(r, keys), "a smaller value: " + what + " would hold " + formula + " = " + p
                    + " values, more than a Java array holds (" + MAX_ARRAY + ")");
        }
    }

    /** The key of a product whose value is the most above its default: the one the user most likely meant to lower. */
    private static String blame(SettingReader r, List<String> keys) {
        Config defaults = ConfigFactory.defaultReference();
        return keys.stream().max(Comparator.comparingDouble(key -> r.config().getDouble(SettingsLoader.key(key))
                / Math.max(1, defaults.getDouble(SettingsLoader.key(key))))).orElseThrow();
    }
}
