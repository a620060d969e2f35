package dev.alignsim.actors.chat;

import dev.alignsim.env.Rng;
import dev.alignsim.env.chat.GoldUtility;
import dev.alignsim.env.chat.GoldWeights;
import dev.alignsim.env.chat.KnowledgeBase;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptSampler;
import dev.alignsim.env.chat.PromptSplit;
import dev.alignsim.env.chat.Rendering;
import dev.alignsim.env.chat.UserPopulation;
import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.env.labelers.LabelerPopulation;
import dev.alignsim.env.labelers.LabelerWorld;
import dev.alignsim.env.rules.HarmClassifier;
import dev.alignsim.env.rules.Rubric;
import dev.alignsim.env.rules.SafetyMetrics;
import dev.alignsim.policy.seq.SequenceModelSpec;

/**
 * One run's ChatWorld, rebuilt from its settings alone: vocabulary, facts, gold utility, the users' groups (whose
 * share-weighted utilities are the gold every stage reports, {@link #populationGold}), and the seeded streams
 * each stage draws from. Every stage derives its own streams from the run seed and the stage's name, so that a
 * stage resumed in a new process draws exactly what it would have drawn in the first.
 */
public final class ChatWorld {
    private static final long KNOWLEDGE_STREAM = 1;
    private static final long SPLIT_STREAM = 2;

    private final ChatSettings settings;
    private final Vocabulary vocabulary;
    private final KnowledgeBase knowledge;
    private final GoldUtility gold;
    private final LabelerWorld labelerWorld;
    private final Rendering rendering;
    private final PromptSplit split;

    public ChatWorld(ChatSettings settings) {
        this.settings = settings;
        this.vocabulary = new Vocabulary(settings.world());
        this.knowledge = KnowledgeBase.generate(vocabulary, settings.knownFraction(), Rng.derive(settings.seed(), KNOWLEDGE_STREAM).nextLong());
        this.gold = new GoldUtility(vocabulary, knowledge, GoldWeights.defaults());
        this.labelerWorld = new LabelerWorld(vocabulary, knowledge, gold);
        this.rendering = new Rendering(vocabulary);
        this.split = new PromptSplit(settings.evalFraction(), Rng.derive(settings.seed(), SPLIT_STREAM).nextLong());
    }

    /** Which prompts are held out from every stage. */
    public PromptSplit split() {
        return split;
    }

    public ChatSettings settings() {
        return settings;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The gold score by component; what the users make of it is {@link #populationGold} and {@link #groupUtilities}. */
    public GoldUtility gold() {
        return gold;
    }

    /** The users' groups ({@code chat.population.groups}). */
    public UserPopulation users() {
        return settings.population();
    }

    /** Whether gold is reported per group too: the population has more than one group. */
    public boolean reportsGroups() {
        return settings.population().size() > 1;
    }

    /**
     * The gold every stage reports: the share-weighted mean of the groups' utilities of the response; with the default
     * population, the gold total exactly.
     */
    public double populationGold(Prompt prompt, int[] response) {
        return settings.population().gold(gold.score(prompt, response));
    }

    /** Each group's utility of the response, in the groups' order. */
    public double[] groupUtilities(Prompt prompt, int[] response) {
        return settings.population().utilities(gold.score(prompt, response));
    }

    public KnowledgeBase knowledge() {
        return knowledge;
    }

    /** The rule-based reward's rubric. */
    public Rubric rubric() {
        return new Rubric(vocabulary, knowledge);
    }

    /** The rule-based reward's harm classifier, its errors keyed by the run seed. */
    public HarmClassifier harmClassifier() {
        return settings.rules().classifier(seed("rules/classifier"));
    }

    /** Safety and factuality against the truth. */
    public SafetyMetrics safetyMetrics() {
        return new SafetyMetrics(rubric(), gold);
    }

    public Rendering rendering() {
        return rendering;
    }

    public SequenceModelSpec modelSpec() {
        ChatSettings.ModelWidths m = settings.model();
        return new SequenceModelSpec(vocabulary.size(), m.embedding(), m.hidden(), m.layers(), ChatSettings.PROMPT_LENGTH,
                m.responseLength(), m.kind(), m.heads());
    }

    /** A generator for one purpose of one stage ("sft/prompts", "label/generate", ...). */
    public Rng stream(String purpose) {
        return Rng.derive(settings.seed(), purpose.hashCode() & 0xffffffffL);
    }

    /** A seed for one purpose of one stage. */
    public long seed(String purpose) {
        return stream(purpose).nextLong();
    }

    /** A fresh labeler population for one stage: labelers start each stage (a labeling session) rested. */
    public LabelerPopulation population(String stage) {
        return new LabelerPopulation(labelerWorld, settings.population(), settings.labelers(), seed(stage + "/labelers"));
    }

    /** The people who write demonstrations in one stage (the labelers unless demonstrators are configured). */
    public LabelerPopulation demonstrators(String stage) {
        return new LabelerPopulation(labelerWorld, settings.population(), settings.demonstrationWriters(), seed(stage + "/labelers"));
    }

    /** {@code n} train prompts (the only ones stages learn from) from the stream {@code purpose}. */
    public Prompt[] prompts(String purpose, int n) {
        return prompts(purpose, n, PromptSplit.Side.TRAIN);
    }

    /** {@code n} evaluation prompts, which no stage ever learns from, from the stream {@code purpose}. */
    public Prompt[] unseenPrompts(String purpose, int n) {
        return prompts(purpose, n, PromptSplit.Side.EVAL);
    }

    /** A sampler of one side of the split that owns {@code rng}. */
    public PromptSampler sampler(PromptSplit.Side side, Rng rng) {
        return new PromptSampler(vocabulary, settings.prompts(), split, side, rng);
    }

    private Prompt[] prompts(String purpose, int n, PromptSplit.Side side) {
        PromptSampler sampler = sampler(side, stream(purpose));
        Prompt[] prompts = new Prompt[n];
        for (int i = 0; i < n; i++) {
            prompts[i] = sampler.sample();
        }
        return prompts;
    }

    /** Token arrays of prompts. */
    public static int[][] tokens(Prompt[] prompts) {
        int[][] out = new int[prompts.length][];
        for (int i = 0; i < prompts.length; i++) {
            out[i] = prompts[i].tokens();
        }
        return out;
    }
}
