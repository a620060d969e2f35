package dev.alignsim.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.actors.chat.ChatSettings;
import dev.alignsim.env.chat.ChatWorldSettings;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.actors.chat.StageName;
import dev.alignsim.actors.rlhf.RlhfSettings;
import dev.alignsim.env.labelers.LabelerSpec;
import dev.alignsim.env.rules.RuleClass;
import dev.alignsim.env.rules.RuleSettings;
import dev.alignsim.env.rules.RuleWeights;
import dev.alignsim.policy.device.DeviceChoice;
import dev.alignsim.policy.methods.DpoLoss;
import dev.alignsim.policy.methods.DpoSettings;
import dev.alignsim.policy.methods.EnsembleObjective;
import dev.alignsim.policy.seq.SequenceModelKind;
import dev.alignsim.policy.seq.SequenceModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ChatWorld's settings: reference.conf's {@code chat} block and {@code pipeline}, and how bad input is refused. */
class ChatConfigTest {

    private static ChatSettings chat(String... overrides) {
        List<String> all = new ArrayList<>();
        all.add("env=ChatWorld");
        all.addAll(List.of(overrides));
        return SettingsLoader.chat(SettingsLoader.load(null, all));
    }

    private static RlhfSettings rlhf(String... overrides) {
        List<String> all = new ArrayList<>();
        all.add("env=ChatWorld");
        all.addAll(List.of(overrides));
        return SettingsLoader.rlhf(SettingsLoader.load(null, all));
    }

    private static InvalidSettingsException rlhfRejected(String... overrides) {
        return assertThrows(InvalidSettingsException.class, () -> rlhf(overrides));
    }

    /** Loads and builds the ChatWorld settings, expecting the input to be rejected. */
    private static InvalidSettingsException rejected(String... overrides) {
        return assertThrows(InvalidSettingsException.class, () -> chat(overrides));
    }

    private static void assertMentions(InvalidSettingsException e, String... texts) {
        for (String text : texts) {
            assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
        }
    }

    private static DpoSettings dpo(String... overrides) {
        List<String> all = new ArrayList<>();
        all.add("env=ChatWorld");
        all.addAll(List.of(overrides));
        return SettingsLoader.dpo(SettingsLoader.load(null, all));
    }

    private static InvalidSettingsException dpoRejected(String... overrides) {
        return assertThrows(InvalidSettingsException.class, () -> dpo(overrides));
    }

    // --- the dpo stage (chat.dpo) ---

    @Test
    void shouldReadDpoWithSigmoidLossAndBetaOneTenthWhenNothingIsSet() {
        DpoSettings settings = dpo();
        assertEquals(0.1, settings.beta());
        assertEquals(DpoLoss.Type.SIGMOID, settings.loss());
    }

    @Test
    void shouldReadIpoWhenDpoLossIsIpo() {
        assertEquals(DpoLoss.Type.IPO, dpo("chat.dpo.loss=ipo", "chat.dpo.beta=0.5").loss());
    }

    @Test
    void shouldRejectNamingTheKeyWhenDpoBetaIsNotPositive() {
        assertMentions(dpoRejected("chat.dpo.beta=0"), "alignsim.chat.dpo.beta", "positive");
    }

    @Test
    void shouldRejectNamingTheKeyAndTheValidLossesWhenDpoLossIsUnknown() {
        assertMentions(dpoRejected("chat.dpo.loss=kto"), "alignsim.chat.dpo.loss", "'kto'", "sigmoid, ipo");
    }

    @Test
    void shouldRejectNamingTheKeyWhenDpoCheckpointEveryIsZero() {
        assertMentions(dpoRejected("chat.dpo.checkpoint_every=0"), "alignsim.chat.dpo.checkpoint_every", ">= 1");
    }

    @Test
    void shouldAcceptDpoAfterTheLabelStageWhenThePipelineHasNoRm() {
        assertEquals(List.of(StageName.SFT, StageName.LABEL, StageName.DPO), chat("pipeline=[sft, label, dpo]").pipeline());
    }

    // --- the critic-free stages (chat.rloo, chat.grpo) ---

    @Test
    void shouldRunRlooWithItsKWhenThePipelineEndsInRloo() {
        RlhfSettings r = rlhf("pipeline=[sft, label, rm, rloo]", "chat.rloo.k=8");

        assertEquals(StageName.RLOO, r.method());
        assertEquals(8, r.samplesPerPrompt());
        assertEquals(r.batchPrompts() / 8, r.promptsPerIteration());
    }

    @Test
    void shouldRejectNamingGroupSizeWhenItDoesNotDivideTheBatch() {
        assertMentions(rlhfRejected("pipeline=[sft, label, rm, grpo]", "chat.grpo.group_size=3", "chat.ppo.batch_prompts=256"),
                "alignsim.chat.grpo.group_size", "(3)", "divide", "batch_prompts (256)");
    }

    @Test
    void shouldRejectNamingKWhenRlooHasOneSamplePerPrompt() {
        assertMentions(rlhfRejected("pipeline=[sft, label, rm, rloo]", "chat.rloo.k=1"), "alignsim.chat.rloo.k", ">= 2");
    }

    @Test
    void shouldIgnoreTheGroupSizeWhenThePipelineRunsPpo() {
        RlhfSettings r = rlhf("chat.grpo.group_size=3");

        assertEquals(StageName.PPO, r.method());
        assertEquals(1, r.samplesPerPrompt());
    }

    // --- the bon stage (chat.bon) ---

    @Test
    void shouldReadBonsDefaultsWhenNothingIsSet() {
        ChatSettings settings = chat("pipeline=[sft, label, rm, bon]");
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64), settings.bon().n());
        assertEquals(1.0, settings.bon().temperature());
        assertEquals(64, settings.bon().samples());
    }

    @Test
    void shouldRejectBonNNamingTheKeyWhenTheListIsEmpty() {
        assertMentions(rejected("chat.bon.n=[]"), "alignsim.chat.bon.n", "non-empty");
    }

    @Test
    void shouldRejectBonNNamingTheKeyWhenAnNIsZero() {
        assertMentions(rejected("chat.bon.n=[0, 4]"), "alignsim.chat.bon.n = [0,4]", ">= 1");
    }

    @Test
    void shouldRejectBonNNamingTheKeyWhenItDescends() {
        assertMentions(rejected("chat.bon.n=[1, 8, 4]"), "alignsim.chat.bon.n = [1, 8, 4]", "strictly ascending", "n[2] = 4 follows 8");
    }

    @Test
    void shouldRejectBonNNamingTheKeyWhenAnNRepeats() {
        assertMentions(rejected("chat.bon.n=[2, 2]"), "alignsim.chat.bon.n", "strictly ascending");
    }

    @Test
    void shouldRejectBonTemperatureNamingTheKeyWhenItIsZero() {
        assertMentions(rejected("chat.bon.temperature=0"), "alignsim.chat.bon.temperature", "positive");
    }

    // --- the reward-model ensemble's objective (chat.ppo.rm_objective) ---

    @Test
    void shouldRewardTheEnsemblesMeanWhenNoObjectiveIsSet() {
        assertEquals(EnsembleObjective.MEAN, rlhf().rmObjective());
    }

    @Test
    void shouldReadAConservativeObjectiveWhenTheEnsembleHasMembersToCompare() {
        RlhfSettings settings = rlhf("chat.rm.ensemble_size=3", "chat.ppo.rm_objective=uncertainty_weighted", "chat.ppo.rm_uncertainty_coef=0.25");
        assertEquals(EnsembleObjective.UNCERTAINTY_WEIGHTED, settings.rmObjective());
        assertEquals(0.25, settings.rmUncertaintyCoef());
    }

    @Test
    void shouldRejectAConservativeObjectiveNamingBothKeysWhenTheEnsembleHasOneMember() {
        InvalidSettingsException e = rlhfRejected("chat.ppo.rm_objective=worst_case");
        assertMentions(e, "chat.ppo.rm_objective", "chat.rm.ensemble_size", ">= 2");
    }

    @Test
    void shouldRejectAnUnknownObjectiveListingTheKnownOnes() {
        assertMentions(rlhfRejected("chat.rm.ensemble_size=2", "chat.ppo.rm_objective=median"), "chat.ppo.rm_objective", "median",
                "mean, worst_case, uncertainty_weighted");
    }

    // --- the rule-based reward (chat.rules) ---

    @Test
    void shouldLeaveTheRuleRewardOffWhenNothingIsSet() {
        RuleSettings rules = chat().rules();
        assertFalse(rules.enabled());
        assertEquals(RuleSettings.WeightSource.FITTED, rules.weights());
        assertEquals(RuleWeights.hand(), rules.hand());
    }

    @Test
    void shouldReadTheRuleRewardWhenChatRulesAreSet() {
        RuleSettings rules = chat("chat.rules.enabled=true", "chat.rules.weights=hand", "chat.rules.facts=false",
                "chat.rules.classifier.false_negative_rate=0.1", "chat.rules.hand.harmful_content=-4").rules();
        assertTrue(rules.enabled());
        assertFalse(rules.facts());
        assertEquals(RuleSettings.WeightSource.HAND, rules.weights());
        assertEquals(0.1, rules.falseNegativeRate());
        assertEquals(-4.0, rules.hand().weight(RuleClass.HARMFUL_CONTENT));
    }

    @Test
    void shouldRejectAnUnknownWeightSourceNamingTheKeyAndTheChoices() {
        assertMentions(rejected("chat.rules.weights=learned"), "chat.rules.weights", "hand or fitted", "learned");
    }

    @Test
    void shouldRejectAClassifierRateAboveOneNamingTheKey() {
        assertMentions(rejected("chat.rules.classifier.false_positive_rate=1.5"), "chat.rules.classifier.false_positive_rate");
    }

    @Test
    void shouldRejectRulesThatPayNothingWhenBothRubricsAreOff() {
        assertMentions(rejected("chat.rules.enabled=true", "chat.rules.safety=false", "chat.rules.facts=false"), "chat.rules.safety",
                "chat.rules.facts");
    }

    // --- defaults ---

    @Test
    void shouldBeChatWhenEnvIsChatWorld() {
        assertTrue(SettingsLoader.isChat(SettingsLoader.load(null, List.of("env=ChatWorld"))));
    }

    @Test
    void shouldGiveReferencePipelineAndSeedWhenOnlyEnvIsSet() {
        ChatSettings s = chat();

        assertEquals(List.of(StageName.SFT, StageName.LABEL, StageName.RM, StageName.PPO), s.pipeline());
        assertEquals(1, s.seed());
        assertEquals(DeviceChoice.AUTO, s.device());
    }

    @Test
    void shouldGiveReferenceWorldAndModelWhenOnlyEnvIsSet() {
        ChatSettings s = chat();

        assertEquals(ChatWorldSettings.defaults(), s.world());
        assertEquals(0.5, s.knownFraction());
        assertEquals(0.2, s.evalFraction());
        assertEquals(new ChatSettings.ModelWidths(64, 128, 1, 12), s.model());
        assertEquals(SequenceModelKind.GRU, s.model().kind());
    }

    @Test
    void shouldDescribeATransformerWhenTheModelKindIsTransformer() {
        ChatSettings s = chat("chat.model.kind=Transformer", "chat.model.embedding=48", "chat.model.hidden=96", "chat.model.layers=2",
                "chat.model.heads=6");

        assertEquals(new ChatSettings.ModelWidths(SequenceModelKind.TRANSFORMER, 48, 96, 2, 6, 12), s.model());
        SequenceModelSpec spec = new ChatWorld(s).modelSpec();
        assertEquals(SequenceModelKind.TRANSFORMER, spec.kind());
        assertEquals(6, spec.heads());
        assertEquals(48, spec.featureWidth());
    }

    @Test
    void shouldIgnoreHeadsWhenTheModelIsAGru() {
        assertEquals(0, new ChatWorld(chat("chat.model.heads=3")).modelSpec().heads());
    }

    @Test
    void shouldRejectNamingTheKeyWhenTheModelKindIsUnknown() {
        assertMentions(rejected("chat.model.kind=lstm"), "alignsim.chat.model.kind", "lstm", "gru, transformer");
    }

    @Test
    void shouldRejectNamingBothKeysWhenHeadsDoNotDivideTheTransformersWidth() {
        assertMentions(rejected("chat.model.kind=transformer", "chat.model.heads=5"), "alignsim.chat.model.heads (5)",
                "chat.model.embedding (64)");
    }

    @Test
    void shouldGiveReferenceStagesWhenOnlyEnvIsSet() {
        ChatSettings s = chat();

        assertEquals(4000, s.demonstrations());
        assertEquals(20, s.sft().epochs());
        assertEquals(new ChatSettings.LabelSettings(6000, 4, 1.0, 0.2), s.label());
        assertEquals(4, s.rm().epochs());
        assertTrue(s.rm().initFromSft());
        assertEquals(new ChatSettings.EvalSettings(1000, 0.1, 128), s.eval());
    }

    @Test
    void shouldGiveOneRationalBoltzmannLabelerWhenOnlyEnvIsSet() {
        assertEquals(List.of(new LabelerSpec("rational", "boltzmann", Map.of("temperature", 0.1), 1.0)), chat().labelers());
    }

    // --- bad input ---

    @Test
    void shouldRejectNamingLabelersWhenStrategyIsUnknown() {
        InvalidSettingsException e = rejected("chat.labelers=[{ id = a, strategy = telepathy }]");

        assertMentions(e, "chat.labelers", "telepathy");
    }

    @Test
    void shouldRejectNamingTheEntryAndKeyWhenLabelerHasUnknownKey() {
        InvalidSettingsException e = rejected("chat.labelers=[{ id = a, strategy = boltzmann, sahre = 1 }]");

        assertMentions(e, "alignsim.chat.labelers[0]", "sahre");
    }

    @Test
    void shouldRejectNamingTheParameterWhenLabelerParamIsAString() {
        InvalidSettingsException e = rejected("chat.labelers=[{ id = a, strategy = boltzmann, params { temperature = hot } }]");

        assertMentions(e, "alignsim.chat.labelers[0].params.temperature", "hot");
    }

    @Test
    void shouldRejectNamingKeyWhenKIsOne() {
        assertMentions(rejected("chat.label.k=1"), "alignsim.chat.label.k");
    }

    @Test
    void shouldRejectNamingKeyWhenTopicsIsZero() {
        assertMentions(rejected("chat.world.topics=0"), "alignsim.chat.world.topics");
    }

    @Test
    void shouldRejectNamingConfigKeyWhenWordsPerTopicIsZero() {
        assertMentions(rejected("chat.world.words_per_topic=0"), "alignsim.chat.world.words_per_topic");
    }

    @Test
    void shouldRejectNamingKeyWhenSftEpochsIsFractional() {
        assertMentions(rejected("chat.sft.epochs=2.5"), "alignsim.chat.sft.epochs", "whole number");
    }

    @Test
    void shouldRejectNamingPipelineWhenItIsOnlyRm() {
        assertMentions(rejected("pipeline=[rm]"), "alignsim.pipeline", "[rm]");
    }

    @Test
    void shouldRejectNamingTheEntryAndValidStagesWhenStageIsUnknown() {
        assertMentions(rejected("pipeline=[sft, kto]"), "alignsim.pipeline[1]", "'kto'", "sft, label, rm, ppo, rloo, grpo, dpo, bon");
    }

    @Test
    void shouldRejectNamingTheStageItNeedsWhenAMethodComesTooEarly() {
        assertMentions(rejected("pipeline=[sft, label, grpo]"), "alignsim.pipeline", "grpo stage needs the rm stage");
    }

    @Test
    void shouldRejectWhenAMethodStageIsNotLast() {
        assertMentions(rejected("pipeline=[sft, label, rm, bon, ppo]"), "alignsim.pipeline", "must be the pipeline's last");
    }

    @Test
    void shouldRejectNamingKeyAndValidDevicesWhenDeviceIsUnknown() {
        assertMentions(rejected("device=tpu"), "alignsim.device", "'tpu'", "auto, cpu, gpu");
    }

    @Test
    void shouldRejectNamingLabelersWhenIdsRepeat() {
        InvalidSettingsException e = rejected("chat.labelers=[{ id = a, strategy = boltzmann, params { temperature = 0.1 } }, "
                + "{ id = a, strategy = boltzmann, params { temperature = 0.2 } }]");

        assertMentions(e, "alignsim.chat.labelers", "'a'");
    }

    @Test
    void shouldRejectNamingLabelersWhenShareIsNegative() {
        InvalidSettingsException e = rejected("chat.labelers=[{ id = a, strategy = boltzmann, share = -1, params { temperature = 0.1 } }]");

        assertMentions(e, "alignsim.chat.labelers", "share");
    }

    @Test
    void shouldRejectNamingTheEntryWhenShareIsAString() {
        InvalidSettingsException e = rejected("chat.labelers=[{ id = a, strategy = boltzmann, share = lots, params { temperature = 0.1 } }]");

        assertMentions(e, "alignsim.chat.labelers[0]", "share");
    }

    @Test
    void shouldRejectNamingLabelPromptsWhenRmWouldHaveFewerThanTwoComparisons() {
        assertMentions(rejected("chat.label.prompts=1"), "alignsim.chat.label.prompts");
    }

    // --- the ppo stage ---

    @Test
    void shouldRenormaliseTheRewardModelWhenOnlyEnvIsSet() {
        assertTrue(rlhf().rmRenormalize());
    }

    @Test
    void shouldKeepTheRmStagesNormalisationWhenRmRenormalizeIsFalse() {
        assertFalse(rlhf("chat.ppo.rm_renormalize=false").rmRenormalize());
    }

    @Test
    void shouldRejectNamingKeyWhenRmRenormalizeIsNotABoolean() {
        assertMentions(rlhfRejected("chat.ppo.rm_renormalize=sometimes"), "alignsim.chat.ppo.rm_renormalize", "true or false");
    }

    @Test
    void shouldGiveThreeRecoveriesWhenOnlyEnvIsSet() {
        assertEquals(3, rlhf().maxRecoveries());
    }

    @Test
    void shouldAcceptZeroRecoveriesWhenEveryFailureShouldFailTheRun() {
        assertEquals(0, rlhf("chat.ppo.max_recoveries=0").maxRecoveries());
    }

    @Test
    void shouldRejectNamingKeyWhenMaxRecoveriesIsNegative() {
        assertMentions(rlhfRejected("chat.ppo.max_recoveries=-1"), "alignsim.chat.ppo.max_recoveries", ">= 0");
    }

    @Test
    void shouldRejectNamingKeyAndDurationAsWrittenWhenAskTimeoutIsNegative() {
        InvalidSettingsException e = rlhfRejected("chat.ppo.ask_timeout=-5s");

        assertMentions(e, "alignsim.chat.ppo.ask_timeout", "-5s");
        assertFalse(e.getMessage().contains("PT"), e.getMessage());
    }

    @Test
    void shouldRejectNamingKeyWhenKlCoefIsNegative() {
        assertMentions(rlhfRejected("chat.ppo.kl_coef=-0.1"), "alignsim.chat.ppo.kl_coef");
    }

    @Test
    void shouldRejectNamingKeyWhenKlTargetIsZero() {
        assertMentions(rlhfRejected("chat.ppo.adaptive_kl=true", "chat.ppo.kl_target=0"), "alignsim.chat.ppo.kl_target");
    }

    @Test
    void shouldRejectNamingKeyWhenKlHorizonIsNegative() {
        assertMentions(rlhfRejected("chat.ppo.adaptive_kl=true", "chat.ppo.kl_horizon=-1"), "alignsim.chat.ppo.kl_horizon");
    }

    @Test
    void shouldRejectNamingChatPpoKeyWhenSequencePpoValueIsOutOfRange() {
        assertMentions(rlhfRejected("chat.ppo.gamma=2"), "alignsim.chat.ppo.gamma");
    }

    // --- chain parameters ---

    @Test
    void shouldGiveSameParamsWhenChainParamsAreQuotedOrNested() {
        String quoted = "chat.labelers=[{ id = v, strategy = \"length_bias+boltzmann\", "
                + "params { \"length_bias.beta\" = 0.5, \"boltzmann.temperature\" = 0.1 } }]";
        String nested = "chat.labelers=[{ id = v, strategy = \"length_bias+boltzmann\", "
                + "params { length_bias { beta = 0.5 }, boltzmann { temperature = 0.1 } } }]";

        Map<String, Double> fromQuoted = chat(quoted).labelers().get(0).params();
        Map<String, Double> fromNested = chat(nested).labelers().get(0).params();

        assertEquals(Map.of("length_bias.beta", 0.5, "boltzmann.temperature", 0.1), fromQuoted);
        assertEquals(fromQuoted, fromNested);
    }
}
