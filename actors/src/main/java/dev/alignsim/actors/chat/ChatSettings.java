package dev.alignsim.actors.chat;

import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.env.chat.PromptDesign;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.rules.RuleSettings;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SftSettings;
import java.util.List;
import java.util.Objects;

/**
 * A ChatWorld pipeline, read once from configuration ({@code alignsim.chat} and {@code alignsim.pipeline}).
 *
 * @param seed seeds the world's facts, the labelers, every prompt sample, every initialisation and every draw
 * @param device where networks train
 * @param pipeline the stages to run, in order: see {@link StageName#whyInvalid}
 * @param world vocabulary sizes
 * @param knownFraction share of (entity, attribute) facts the knowledge base knows
 * @param prompts how prompts are drawn: the kinds' weights, the ambiguous share, the context share
 * @param evalFraction share of the world's prompts held out from every stage, for evaluation on unseen prompts
 * @param labelers the labeler population
 * @param model the sequence model's kind and widths; prompt length is fixed by ChatWorld ({@link Vocabulary#MAX_PROMPT_LENGTH})
 * @param sft supervised fine-tuning, with {@code demonstrations} the number of labeler demonstrations
 * @param label a labeling round: {@code prompts} prompts, {@code k} responses each, sampled at {@code temperature}
 * @param rm reward-model training; with {@code perGroup} ({@code chat.rm.per_group}) its ensemble size is the number of
 *     user groups (given as 1 or as that number), one member per group ({@link GroupRewards})
 * @param eval evaluation: {@code prompts} fresh prompts of each split side, gold pairs closer than {@code goldThreshold}
 *     ignored, {@code iterationPrompts} unseen prompts answered every PPO iteration (0: none)
 * @param demonstrators the people who write the SFT demonstrations, when they are not the labelers who rank
 *     (empty: the labelers write them too)
 * @param rules the rule-based reward ({@code chat.rules}): off, or added to the reward model's score in PPO
 * @param population the users' groups ({@code chat.population.groups}), whose share-weighted utilities are the gold
 *     every stage reports (population gold) and from which labelers are drawn ({@link LabelerSpec#group})
 * @param bon the bon stage ({@code chat.bon}): best-of-n from the reference against the reward model
 */
public record ChatSettings(
        long seed,
        DeviceChoice device,
        List<StageName> pipeline,
        ChatWorldSettings world,
        double knownFraction,
        PromptDesign prompts,
        double evalFraction,
        List<LabelerSpec> labelers,
        ModelWidths model,
        int demonstrations,
        SftSettings sft,
        LabelSettings label,
        RewardSettings rm,
        EvalSettings eval,
        List<LabelerSpec> demonstrators,
        RuleSettings rules,
        UserPopulation population,
        BonSettings bon) {

    /** Settings whose bon stage, if the pipeline has one, runs with its defaults ({@link BonSettings#defaults()}). */
    public ChatSettings(long seed, DeviceChoice device, List<StageName> pipeline, ChatWorldSettings world, double knownFraction,
            PromptDesign prompts, double evalFraction, List<LabelerSpec> labelers, ModelWidths model, int demonstrations,
            SftSettings sft, LabelSettings label, RewardSettings rm, EvalSettings eval, List<LabelerSpec> demonstrators, RuleSettings rules,
            UserPopulation population) {
        this(seed, device, pipeline, world, knownFraction, prompts, evalFraction, labelers, model, demonstrations, sft, label, rm, eval,
                demonstrators, rules, population, BonSettings.defaults());
    }

    /** Settings whose users are the default population, one group {@code everyone} whose utility is the gold total. */
    public ChatSettings(long seed, DeviceChoice device, List<StageName> pipeline, ChatWorldSettings world, double knownFraction,
            PromptDesign prompts, double evalFraction, List<LabelerSpec> labelers, ModelWidths model, int demonstrations,
            SftSettings sft, LabelSettings label, RewardSettings rm, EvalSettings eval, List<LabelerSpec> demonstrators, RuleSettings rules) {
        this(seed, device, pipeline, world, knownFraction, prompts, evalFraction, labelers, model, demonstrations, sft, label, rm, eval,
                demonstrators, rules, UserPopulation.everyone());
    }

    /** Settings without the rule-based reward. */
    public ChatSettings(long seed, DeviceChoice device, List<StageName> pipeline, ChatWorldSettings world, double knownFraction,
            PromptDesign prompts, double evalFraction, List<LabelerSpec> labelers, ModelWidths model, int demonstrations,
            SftSettings sft, LabelSettings label, RewardSettings rm, EvalSettings eval, List<LabelerSpec> demonstrators) {
        this(seed, device, pipeline, world, knownFraction, prompts, evalFraction, labelers, model, demonstrations, sft, label, rm, eval,
                demonstrators, RuleSettings.off());
    }

    /** Settings whose demonstrations are written by the labelers themselves. */
    public ChatSettings(long seed, DeviceChoice device, List<StageName> pipeline, ChatWorldSettings world, double knownFraction,
            PromptDesign prompts, double evalFraction, List<LabelerSpec> labelers, ModelWidths model, int demonstrations,
            SftSettings sft, LabelSettings label, RewardSettings rm, EvalSettings eval) {
        this(seed, device, pipeline, world, knownFraction, prompts, evalFraction, labelers, model, demonstrations, sft, label, rm, eval,
                List.of());
    }

    /** These settings with the bon stage's replaced. */
    public ChatSettings withBon(BonSettings bon) {
        return new ChatSettings(seed, device, pipeline, world, knownFraction, prompts, evalFraction, labelers, model, demonstrations, sft,
                label, rm, eval, demonstrators, rules, population, bon);
    }

    /** The strategy of the labeler {@code labelerId}. @throws IllegalArgumentException if there is none */
    public String strategyOf(String labelerId) {
        return labelers.stream().filter(l -> l.id().equals(labelerId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no labeler '" + labelerId + "' in chat.labelers"))
                .strategy();
    }

    /** Who writes demonstrations: the demonstrators when configured, else the labelers. */
    public List<LabelerSpec> demonstrationWriters() {
        return demonstrators.isEmpty() ? labelers : demonstrators;
    }

    /** ChatWorld prompts are at most BOS + four words + SEP. */
    public static final int PROMPT_LENGTH = Vocabulary.MAX_PROMPT_LENGTH;

    /**
     * The sequence model's kind and sizes ({@code chat.model}): for the GRU, embedding and GRU widths and stacked
     * layers; for the Transformer, model width ({@code embedding}), MLP width ({@code hidden}), blocks ({@code
     * layers}) and attention heads ({@code heads}, read only by the Transformer).
     */
    public record ModelWidths(SequenceModelKind kind, int embedding, int hidden, int layers, int heads, int responseLength) {
        /** chat.model.heads' default. */
        public static final int DEFAULT_HEADS = 4;

        /** A GRU's widths. */
        public ModelWidths(int embedding, int hidden, int layers, int responseLength) {
            this(SequenceModelKind.GRU, embedding, hidden, layers, DEFAULT_HEADS, responseLength);
        }

        public ModelWidths {
            Objects.requireNonNull(kind, "chat.model.kind");
        }
    }

    /** One labeling round. */
    public record LabelSettings(int prompts, int k, double temperature, double heldoutFraction) {
        public LabelSettings {
            require(prompts >= 1, "chat.label.prompts must be >= 1, got " + prompts);
            require(k >= 2, "chat.label.k must be >= 2 (a ranking compares responses), got " + k);
            require(temperature > 0 && Double.isFinite(temperature), "chat.label.temperature must be positive, got " + temperature);
            require(heldoutFraction > 0 && heldoutFraction < 1, "chat.label.heldout_fraction must be in (0, 1), got " + heldoutFraction);
        }

        /**
         * How many of the label stage's {@code comparisons} are held out from the reward model: the last ones, at
         * least one. The one rule for the label stage, which marks them, and the rm stage, which evaluates on them.
         */
        public int heldoutCount(int comparisons) {
            return Math.max(1, (int) Math.ceil(comparisons * heldoutFraction));
        }
    }

    /** Evaluation against gold. */
    public record EvalSettings(int prompts, double goldThreshold, int iterationPrompts) {
        public EvalSettings {
            require(prompts >= 2, "chat.eval.prompts must be >= 2, got " + prompts);
            require(goldThreshold >= 0 && Double.isFinite(goldThreshold), "chat.eval.gold_threshold must be >= 0, got " + goldThreshold);
            require(iterationPrompts >= 0, "chat.eval.iteration_prompts must be >= 0, got " + iterationPrompts);
        }
    }

    public ChatSettings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(bon, "bon");
        pipeline = List.copyOf(pipeline);
        labelers = List.copyOf(labelers);
        demonstrators = List.copyOf(demonstrators);
        String invalid = StageName.whyInvalid(pipeline);
        require(invalid == null, invalid);
        require(knownFraction >= 0 && knownFraction <= 1, "chat.world.known_fraction must be in [0, 1], got " + knownFraction);
        Objects.requireNonNull(prompts, "prompts");
        require(evalFraction > 0 && evalFraction < 1, "chat.world.eval_fraction must be in (0, 1), got " + evalFraction);
        require(!labelers.isEmpty(), "chat.labelers must list at least one labeler");
        requireGroups("chat.labelers", labelers, population);
        requireGroups("chat.sft.demonstrators", demonstrators, population);
        require(model.embedding() >= 1 && model.hidden() >= 1 && model.layers() >= 1,
                "chat.model.embedding, hidden and layers must be >= 1, got " + model);
        require(model.responseLength() >= 2, "chat.model.response_length must be >= 2, got " + model.responseLength());
        if (model.kind() == SequenceModelKind.TRANSFORMER) {
            require(model.heads() >= 1 && model.embedding() % model.heads() == 0, "chat.model.heads (" + model.heads()
                    + ") must divide chat.model.embedding (" + model.embedding() + "): the Transformer splits its width into equal heads");
        }
        require(demonstrations >= 1, "chat.sft.demonstrations must be >= 1, got " + demonstrations);
        if (rm.perGroup()) {
            require(rm.ensembleSize() == 1 || rm.ensembleSize() == population.size(), "chat.rm.ensemble_size = " + rm.ensembleSize()
                    + " with chat.rm.per_group = true: expected 1 (left at its default) or the number of groups of chat.population.groups ("
                    + population.size() + "); a per-group reward model has one member per group");
            requireLabelersOfEveryGroup(labelers, population);
            // One member per group, whichever of the two allowed values was given.
            rm = rm.withEnsembleSize(population.size());
        }
        if (pipeline.contains(StageName.RM) || pipeline.contains(StageName.DPO)) {
            String learner = pipeline.contains(StageName.RM) ? "the reward model" : "DPO";
            require(label.prompts() - label.heldoutCount(label.prompts()) >= 1, "chat.label.prompts (" + label.prompts() + ") with chat.label.heldout_fraction ("
                    + label.heldoutFraction() + ") leaves no comparison to train " + learner + " on; label more prompts");
        }
    }

    /**
     * With per-group rewards, every group's member needs comparisons: some labeler with a positive share must belong to
     * each group.
     */
    private static void requireLabelersOfEveryGroup(List<LabelerSpec> labelers, UserPopulation population) {
        for (int g = 0; g < population.size(); g++) {
            String name = population.groups().get(g).name();
            boolean labeled = false;
            for (LabelerSpec spec : labelers) {
                String group = spec.group() == null ? population.first().name() : spec.group();
                labeled |= spec.share() > 0 && group.equals(name);
            }
            require(labeled, "chat.rm.per_group = true but group '" + name + "' of chat.population.groups has no labeler in chat.labelers"
                    + " (with a positive share): its reward-model member would have no comparison to learn from; add a labeler with"
                    + " group = \"" + name + "\" or set chat.rm.per_group = false");
        }
    }

    /** Every group a labeler names must be one of the population's. */
    private static void requireGroups(String key, List<LabelerSpec> specs, UserPopulation population) {
        for (int i = 0; i < specs.size(); i++) {
            LabelerSpec spec = specs.get(i);
            require(spec.group() == null || population.has(spec.group()), key + "[" + i + "].group = " + spec.group() + ": labeler '"
                    + spec.id() + "' names a group that chat.population.groups does not have; expected one of " + population.names());
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
