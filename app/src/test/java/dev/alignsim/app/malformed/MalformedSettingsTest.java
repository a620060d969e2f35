package dev.alignsim.app.malformed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed settings given with {@code --set}, for both worlds: wrong types, out-of-range values, values beyond a
 * double, sizes that would overflow an int or the heap, unknown and renamed keys, bad labeler populations and
 * pipelines. Each is refused with exit 2 before anything is written, naming the key and the value given.
 */
class MalformedSettingsTest {
    @TempDir
    Path workspace;

    private static Arguments chat(String setting, String... mentions) {
        return Arguments.of(FinishedRuns.TINY_CHAT, List.of(setting), List.of(mentions));
    }

    private static Arguments cartPole(String setting, String... mentions) {
        return Arguments.of(FinishedRuns.TINY_CARTPOLE, List.of(setting), List.of(mentions));
    }

    static Stream<Arguments> malformedSettings() {
        return Stream.of(
                chat("chat.ppo.temperature=0", "alignsim.chat.ppo.temperature = 0", "positive"),
                chat("chat.ppo.kl_coef=-0.1", "alignsim.chat.ppo.kl_coef = -0.1", ">= 0"),
                chat("chat.ppo.batch_prompts=0", "alignsim.chat.ppo.batch_prompts = 0"),
                chat("chat.ppo.ask_timeout=-5s", "alignsim.chat.ppo.ask_timeout = -5s", "positive duration"),
                chat("chat.ppo.ask_timeout=soon", "alignsim.chat.ppo.ask_timeout = soon"),
                chat("chat.ppo.iterations=abc", "alignsim.chat.ppo.iterations = abc", "whole number"),
                chat("chat.ppo.iterations=2.5", "alignsim.chat.ppo.iterations = 2.5", "whole number"),
                chat("chat.ppo.iterations=0", "alignsim.chat.ppo.iterations = 0", ">= 1"),
                chat("chat.ppo.iterations=99999999999", "alignsim.chat.ppo.iterations = 99999999999"),
                chat("chat.ppo.clip_coef=1e400", "alignsim.chat.ppo.clip_coef", "beyond what a double holds"),
                chat("chat.ppo.gamma=1.5", "alignsim.chat.ppo.gamma = 1.5", "[0, 1]"),
                chat("chat.ppo.gae_lambda=-1", "alignsim.chat.ppo.gae_lambda = -1"),
                chat("chat.ppo.learning_rate=0", "alignsim.chat.ppo.learning_rate = 0"),
                chat("chat.ppo.critic_learning_rate=Infinity", "alignsim.chat.ppo.critic_learning_rate = Infinity"),
                chat("chat.ppo.max_recoveries=-1", "alignsim.chat.ppo.max_recoveries = -1"),
                chat("chat.ppo.checkpoint_every=0", "alignsim.chat.ppo.checkpoint_every = 0"),
                chat("chat.ppo.label_every=-1", "alignsim.chat.ppo.label_every = -1"),
                chat("chat.ppo.rm_epochs=0", "alignsim.chat.ppo.rm_epochs = 0"),
                chat("chat.ppo.adaptive_kl=maybe", "alignsim.chat.ppo.adaptive_kl = maybe", "true or false"),
                chat("chat.ppo.kl_target=0", "alignsim.chat.ppo.kl_target = 0"),
                chat("chat.ppo.kl_horizon=-5", "alignsim.chat.ppo.kl_horizon = -5"),
                chat("chat.ppo.num_minibatches=0", "alignsim.chat.ppo.num_minibatches = 0"),
                chat("chat.ppo.batch_prompts=1000000000", "alignsim.chat.ppo.batch_prompts = 1000000000", "more than a Java array"),
                chat("chat.ppo.max_attempts=3", "alignsim.chat.ppo.max_attempts", "alignsim.chat.ppo.max_recoveries"),
                chat("chat.model.hidden=100000", "alignsim.chat.model.hidden = 100000", "more than a Java array"),
                chat("chat.model.hidden=20000", "alignsim.chat.model.hidden = 20000", "Java heap"),
                chat("chat.model.embedding=0", "alignsim.chat.model.embedding = 0"),
                chat("chat.model.layers=100000", "alignsim.chat.model.layers = 100000", "Java heap"),
                chat("chat.model.response_length=1", "alignsim.chat.model.response_length = 1", ">= 2"),
                chat("chat.model.kind=rnn", "alignsim.chat.model.kind", "rnn", "gru, transformer"),
                chat("chat.model.heads=0", "alignsim.chat.model.heads = 0", ">= 1"),
                Arguments.of(FinishedRuns.TINY_CHAT, List.of("chat.model.kind=transformer", "chat.model.heads=3"),
                        List.of("alignsim.chat.model.heads (3)", "must divide chat.model.embedding")),
                chat("chat.world.topics=0", "alignsim.chat.world.topics = 0"),
                chat("chat.world.topics=2000000000", "alignsim.chat.world.topics = 2000000000", "vocabulary"),
                chat("chat.world.known_fraction=1.5", "alignsim.chat.world.known_fraction = 1.5", "[0, 1]"),
                chat("chat.world.mixture.task=-1", "alignsim.chat.world.mixture.task = -1"),
                chat("chat.world.mixture={task=0,question=0,harmful=0,borderline=0}", "alignsim.chat.world.mixture", "positive weight"),
                chat("chat.labelers=[]", "alignsim.chat.labelers", "at least one labeler"),
                chat("chat.labelers=5", "alignsim.chat.labelers = 5", "list"),
                chat("chat.labelers=[{id=a,strategy=\"boltzmann++flip\"}]", "alignsim.chat.labelers[0].strategy", "boltzmann++flip"),
                chat("chat.labelers=[{id=a,strategy=telepathy}]", "alignsim.chat.labelers", "telepathy"),
                chat("chat.labelers=[{id=a,strategy=boltzmann,params{temperature=hot}}]", "alignsim.chat.labelers[0].params.temperature",
                        "hot"),
                chat("chat.labelers=[{id=a,strategy=boltzmann,share=-1,params{temperature=0.1}}]", "alignsim.chat.labelers[0]", "share"),
                chat("chat.labelers=[{id=a,strategy=boltzmann,sahre=1}]", "alignsim.chat.labelers[0]", "sahre"),
                chat("chat.labelers=[{strategy=boltzmann}]", "alignsim.chat.labelers[0]", "needs an id"),
                chat("chat.labelers=[{id=[1],strategy=boltzmann}]", "alignsim.chat.labelers[0].id"),
                chat("chat.sft.demonstrators=[{id=d,strategy=nope}]", "alignsim.chat.sft.demonstrators", "nope"),
                chat("chat.label.k=1", "alignsim.chat.label.k = 1", ">= 2"),
                chat("chat.label.k=100000", "alignsim.chat.label.k = 100000", "more than a Java array"),
                chat("chat.label.heldout_fraction=1", "alignsim.chat.label.heldout_fraction = 1", "(0, 1)"),
                chat("chat.label.prompts=1", "alignsim.chat.label.prompts"),
                chat("chat.sft.epochs=2.5", "alignsim.chat.sft.epochs = 2.5", "whole number"),
                chat("chat.sft.batch_size=0", "alignsim.chat.sft.batch_size = 0"),
                chat("chat.sft.learning_rate=-1", "alignsim.chat.sft.learning_rate = -1"),
                chat("chat.rm.margin=-1", "alignsim.chat.rm.margin = -1"),
                chat("chat.rm.ensemble_size=0", "alignsim.chat.rm.ensemble_size = 0"),
                chat("chat.eval.prompts=1", "alignsim.chat.eval.prompts = 1"),
                chat("chat.eval.gold_threshold=-0.1", "alignsim.chat.eval.gold_threshold = -0.1"),
                chat("pipeline=[rm]", "alignsim.pipeline", "[rm]"),
                chat("pipeline=[sft, kto]", "alignsim.pipeline[1]", "kto"),
                chat("pipeline=[sft, dpo]", "alignsim.pipeline", "dpo stage needs the label stage"),
                chat("pipeline=sft", "alignsim.pipeline = sft", "list"),
                chat("pipeline=[]", "alignsim.pipeline", "at least one stage"),
                chat("device=tpu", "alignsim.device", "tpu"),
                chat("device=gpu", "alignsim.device = gpu"),
                chat("env=MountainCar-v0", "alignsim.env", "MountainCar-v0"),
                chat("seed=1.5", "alignsim.seed = 1.5", "whole number"),
                chat("seed=abc", "alignsim.seed = abc"),
                chat("torch_threads=0", "alignsim.torch_threads = 0"),
                chat("run.progress=sometimes", "alignsim.run.progress = sometimes", "true or false"),
                chat("chat.model=5", "alignsim.chat.model = 5", "block"),
                cartPole("ppo.gamma=Infinity", "alignsim.ppo.gamma = Infinity"),
                cartPole("ppo.gamma=2", "alignsim.ppo.gamma = 2", "[0, 1]"),
                cartPole("num_envs=0", "alignsim.num_envs = 0"),
                cartPole("num_runners=3", "alignsim.num_runners", "divisor"),
                cartPole("ppo.num_minibatches=3", "alignsim.ppo.num_minibatches", "512"),
                cartPole("total_timesteps=100", "alignsim.total_timesteps"),
                cartPole("total_timesteps=1e30", "alignsim.total_timesteps = 1e30".replace("1e30", "1.0E30")),
                cartPole("hidden=[]", "alignsim.hidden"),
                cartPole("hidden=[64, x]", "alignsim.hidden", "x"),
                cartPole("hidden=[64, 0]", "alignsim.hidden = [64,0]"),
                cartPole("ppo.target_kl=-1", "alignsim.ppo.target_kl = -1"),
                cartPole("ppo.learnig_rate=1", "alignsim.ppo.learnig_rate", "learning_rate"),
                cartPole("actors.rollout-max-attempts=5", "alignsim.actors.rollout-max-attempts", "alignsim.actors.max_recoveries"),
                cartPole("actors.max_recoveries=-1", "alignsim.actors.max_recoveries = -1"),
                cartPole("actors.ask_timeout=-5s", "alignsim.actors.ask_timeout"),
                cartPole("storage.keep_iterations=-1", "alignsim.storage.keep_iterations = -1"),
                cartPole("storage.checkpoint_every=0", "alignsim.storage.checkpoint_every = 0"),
                cartPole("storage.sync_commits=5", "alignsim.storage.sync_commits = 5", "true or false"),
                cartPole("nosuchkey=1", "alignsim.nosuchkey", "known settings under alignsim"),
                cartPole("ppo=5", "alignsim.ppo = 5", "block"),
                cartPole("normalize_rewards=2", "alignsim.normalize_rewards = 2"),
                cartPole("num_steps=-1", "alignsim.num_steps = -1"),
                cartPole("seed", "--set seed", "key=value"),
                cartPole("=5", "--set =5", "key=value"),
                cartPole("a..b=1", "--set a..b=1", "not a setting's name"),
                cartPole("ppo.gamma=${nope}", "nope"));
    }

    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("malformedSettings")
    void shouldRefuseWithExitTwoNamingTheSettingWhenASettingIsMalformed(List<String> base, List<String> setting, List<String> mentions) {
        List<String> settings = new ArrayList<>(base);
        settings.addAll(setting);
        Path out = workspace.resolve("run");

        Refusals.assertRefused(workspace, 2, mentions, FinishedRuns.runArgs(settings, out));
    }
}
