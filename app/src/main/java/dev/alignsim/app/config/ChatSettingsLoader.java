package dev.alignsim.app.config;

import dev.alignsim.actors.chat.BonSettings;
import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.PromptDesign;
import dev.alignsim.env.chat.PromptMixture;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.rules.RuleClass;
import dev.alignsim.env.rules.RuleSettings;
import dev.alignsim.env.rules.RuleWeights;
import dev.alignsim.policy.methods.DpoLoss;
import dev.alignsim.policy.methods.DpoSettings;
import dev.alignsim.policy.methods.EnsembleObjective;
import dev.alignsim.policy.rlhf.SequencePpoSettings;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SftSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ChatWorld's settings ({@code alignsim.chat}, {@code alignsim.pipeline}) once into typed settings, every key
 * checked by {@link SettingReader}; what relates two keys is checked by the records, whose messages name their keys,
 * and what the sizes imply together by {@link SizeLimits}.
 */
final class ChatSettingsLoader {
    private ChatSettingsLoader() {}

    /** The ChatWorld pipeline the configuration describes. */
    static ChatSettings chat(SettingReader r) {
        String c = "chat.";
        String w = c + "world.";
        try {
            ChatWorldSettings world = new ChatWorldSettings(r.count(w + "topics", 1), r.count(w + "words_per_topic", 1),
                    r.count(w + "objects_per_topic", 2), r.count(w + "dangerous_per_topic", 1), r.count(w + "harm_categories", 1),
                    r.count(w + "benign_intents", 1), r.count(w + "harmful_intents", 1), r.count(w + "ambiguous_intents", 1),
                    r.count(w + "safe_contexts", 1), r.count(w + "risky_contexts", 1), r.count(w + "templates", 1),
                    r.count(w + "entities", 1), r.count(w + "attributes", 1), r.count(w + "values", 1), r.count(w + "filler", 1));
            if (world.dangerousPerTopic() >= world.objectsPerTopic()) {
                throw new InvalidSettingsException(SettingsLoader.key(w + "dangerous_per_topic") + " = " + world.dangerousPerTopic()
                        + ": expected fewer than " + SettingsLoader.key(w + "objects_per_topic") + " (" + world.objectsPerTopic()
                        + "), so that every topic has everyday objects");
            }
            PromptDesign prompts = new PromptDesign(mixture(r), r.unitInterval(w + "ambiguous_share"), r.unitInterval(w + "context_share"));
            ChatSettings.ModelWidths model = new ChatSettings.ModelWidths(SettingsLoader.named(r, c + "model.kind", SequenceModelKind::of),
                    r.count(c + "model.embedding", 1), r.count(c + "model.hidden", 1), r.count(c + "model.layers", 1),
                    r.count(c + "model.heads", 1), r.count(c + "model.response_length", 2));
            SftSettings sft = new SftSettings(r.count(c + "sft.epochs", 1), r.count(c + "sft.batch_size", 1), r.positive(c + "sft.learning_rate"),
                    r.positive(c + "sft.max_grad_norm"));
            ChatSettings.LabelSettings label = new ChatSettings.LabelSettings(r.count(c + "label.prompts", 1), r.count(c + "label.k", 2),
                    r.positive(c + "label.temperature"), r.openUnitInterval(c + "label.heldout_fraction"));
            RewardSettings rm = new RewardSettings(r.count(c + "rm.epochs", 1), r.count(c + "rm.batch_size", 1),
                    r.positive(c + "rm.learning_rate"), r.positive(c + "rm.max_grad_norm"), r.nonNegative(c + "rm.margin"),
                    r.count(c + "rm.ensemble_size", 1), r.flag(c + "rm.init_from_sft"), r.flag(c + "rm.per_group"));
            ChatSettings.EvalSettings eval = new ChatSettings.EvalSettings(r.count(c + "eval.prompts", 2),
                    r.nonNegative(c + "eval.gold_threshold"), r.count(c + "eval.iteration_prompts", 0));
            UserPopulation population = PopulationSettingsLoader.population(r, c + "population.groups");
            List<LabelerSpec> labelers = LabelerSettingsLoader.labelers(r, c + "labelers");
            LabelerSettingsLoader.checkGroups(r, c + "labelers", labelers, population);
            List<LabelerSpec> demonstrators = LabelerSettingsLoader.labelers(r, c + "sft.demonstrators");
            LabelerSettingsLoader.checkGroups(r, c + "sft.demonstrators", demonstrators, population);
            ChatSettings settings = new ChatSettings(r.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE), SettingsLoader.device(r),
                    pipeline(r), world, r.unitInterval(w + "known_fraction"), prompts, r.openUnitInterval(w + "eval_fraction"),
                    labelers, model, r.count(c + "sft.demonstrations", 1), sft, label, rm, eval, demonstrators, rules(r), population, bon(r));
            SizeLimits.checkChat(r, settings);
            checkPopulations(settings);
            return settings;
        } catch (IllegalArgumentException e) {
            throw SettingsLoader.qualified(e);
        }
    }

    /** Builds both populations once now, so that an unknown strategy or parameter stops the run before it starts. */
    private static void checkPopulations(ChatSettings settings) {
        try {
            new ChatWorld(settings).population("check");
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(SettingsLoader.key("chat.labelers") + ": " + e.getMessage());
        }
        try {
            new ChatWorld(settings).demonstrators("check");
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(SettingsLoader.key("chat.sft.demonstrators") + ": " + e.getMessage());
        }
    }

    /**
     * The bon stage ({@code alignsim.chat.bon}): each n a whole number >= 1 ({@link SettingReader#counts}, which also
     * refuses an empty list); that they ascend is the record's to check, under the same key.
     */
    private static BonSettings bon(SettingReader r) {
        String b = "chat.bon.";
        return new BonSettings(r.counts(b + "n", 1), r.positive(b + "temperature"));
    }

    /** The rule-based reward ({@code alignsim.chat.rules}). */
    private static RuleSettings rules(SettingReader r) {
        String k = "chat.rules.";
        Map<RuleClass, Double> hand = new EnumMap<>(RuleClass.class);
        for (RuleClass c : RuleClass.values()) {
            hand.put(c, r.real(k + "hand." + c.key(), Double::isFinite, "a finite number (the reward of a " + c.key() + " response)"));
        }
        return new RuleSettings(r.flag(k + "enabled"), r.flag(k + "safety"), r.flag(k + "facts"),
                SettingsLoader.named(r, k + "weights", RuleSettings.WeightSource::parse), RuleWeights.of(hand), r.count(k + "fit_prompts", 1),
                r.nonNegative(k + "fit_margin"), r.positive(k + "fit_l2"), r.flag(k + "fit_with_rm"),
                r.unitInterval(k + "classifier.false_negative_rate"), r.unitInterval(k + "classifier.false_positive_rate"));
    }

    private static PromptMixture mixture(SettingReader r) {
        String m = "chat.world.mixture.";
        double task = r.nonNegative(m + "task");
        double question = r.nonNegative(m + "question");
        double harmful = r.nonNegative(m + "harmful");
        double borderline = r.nonNegative(m + "borderline");
        if (task + question + harmful + borderline <= 0) {
            throw new InvalidSettingsException(SettingsLoader.key("chat.world.mixture") + " = { task = " + task + ", question = "
                    + question + ", harmful = " + harmful + ", borderline = " + borderline + " }: expected at least one positive "
                    + "weight (the prompt kinds' relative frequencies)");
        }
        return new PromptMixture(task, question, harmful, borderline);
    }

    /** The ppo stage of a ChatWorld pipeline ({@code alignsim.chat.ppo}). */
    static RlhfSettings rlhf(SettingReader r) {
        String p = "chat.ppo.";
        try {
            SequencePpoSettings ppo = new SequencePpoSettings(r.positive(p + "learning_rate"), r.positive(p + "critic_learning_rate"),
                    r.count(p + "update_epochs", 1), r.count(p + "num_minibatches", 1), r.positive(p + "clip_coef"),
                    r.positive(p + "clip_value"), r.nonNegative(p + "ent_coef"), r.positive(p + "max_grad_norm"),
                    r.unitInterval(p + "gamma"), r.unitInterval(p + "gae_lambda"), r.positive(p + "temperature"));
            RlhfSettings settings = new RlhfSettings(r.count(p + "iterations", 1), r.count(p + "batch_prompts", 1), ppo, r.nonNegative(p + "kl_coef"),
                    r.flag(p + "adaptive_kl"), r.positive(p + "kl_target"), r.positive(p + "kl_horizon"), r.flag(p + "critic_from_rm"),
                    r.count(p + "label_every", 0), r.count(p + "label_prompts", 0), r.count(p + "rm_replay", 0),
                    r.count(p + "rm_epochs", 1), r.flag(p + "rm_renormalize"), r.count(p + "sample_every", 0), r.count(p + "checkpoint_every", 1),
                    r.positiveDuration(p + "ask_timeout"), r.count(p + "max_recoveries", 0),
                    SettingsLoader.named(r, p + "rm_objective", EnsembleObjective::of), r.nonNegative(p + "rm_uncertainty_coef"));
            if (settings.rmObjective() != EnsembleObjective.MEAN && r.flag("chat.rm.per_group")) {
                throw new InvalidSettingsException(SettingsLoader.key(p + "rm_objective") + " = " + settings.rmObjective()
                        + ": expected mean with " + SettingsLoader.key("chat.rm.per_group") + " = true: the members are then the user"
                        + " groups' rewards, combined by the groups' shares, not an ensemble of one reward to be conservative about");
            }
            int members = r.count("chat.rm.ensemble_size", 1);
            if (settings.rmObjective() != EnsembleObjective.MEAN && members < 2) {
                throw new InvalidSettingsException(SettingsLoader.key(p + "rm_objective") + " = " + settings.rmObjective()
                        + ": expected " + SettingsLoader.key("chat.rm.ensemble_size") + " >= 2 (it is " + members
                        + "): a conservative objective compares the members of an ensemble");
            }
            StageName method = StageName.method(pipeline(r));
            if (method == StageName.RLOO) {
                return settings.withMethod(method, r.count("chat.rloo.k", 1));
            }
            if (method == StageName.GRPO) {
                return settings.withMethod(method, r.count("chat.grpo.group_size", 1));
            }
            return settings;
        } catch (IllegalArgumentException e) {
            throw SettingsLoader.qualified(e);
        }
    }

    /** The dpo stage of a ChatWorld pipeline ({@code alignsim.chat.dpo}). */
    static DpoSettings dpo(SettingReader r) {
        String p = "chat.dpo.";
        try {
            return new DpoSettings(r.positive(p + "beta"), SettingsLoader.named(r, p + "loss", DpoLoss.Type::of), r.count(p + "epochs", 1),
                    r.count(p + "batch_size", 1), r.positive(p + "learning_rate"), r.positive(p + "max_grad_norm"),
                    r.count(p + "checkpoint_every", 1), r.count(p + "eval_prompts", 1));
        } catch (IllegalArgumentException e) {
            throw SettingsLoader.qualified(e);
        }
    }

    /** The stages of {@code alignsim.pipeline}, each looked up by name (the order is ChatSettings' to check). */
    private static List<StageName> pipeline(SettingReader r) {
        String path = SettingsLoader.key("pipeline");
        List<String> names;
        try {
            names = r.config().getStringList(path);
        } catch (RuntimeException e) {
            throw r.refusal("pipeline", "a list of stages, e.g. [sft, label, rm, ppo]");
        }
        List<StageName> stages = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                stages.add(StageName.of(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(path + "[" + i + "]: " + e.getMessage());
            }
        }
        return stages;
    }
}
