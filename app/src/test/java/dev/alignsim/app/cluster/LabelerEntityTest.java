package dev.alignsim.app.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.alignsim.actors.chat.ChatWorld;
import dev.alignsim.app.config.SettingsLoader;
import dev.alignsim.env.chat.Prompt;
import dev.alignsim.env.chat.PromptSplit;
import dev.alignsim.env.labelers.Labeler;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A labeler entity ranks exactly as the labeler it was restored to, and refuses what does not belong to its generation.
 * Every message is serialized as on the wire (Jackson CBOR, {@code serialize-messages = on}).
 */
class LabelerEntityTest {
    private static final String LABELERS = "chat.labelers = [ { id = \"noisy\", strategy = \"boltzmann\", share = 1, "
            + "params { temperature = 1.0 } } ]";
    private static ActorTestKit kit;
    private static String config;
    private static ChatWorld world;
    private static TestProbe<ClusterSharding.ShardCommand> shard;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local\npekko.actor.serialize-messages = on")
                .withFallback(ConfigFactory.parseResources("alignsim-cluster.conf")).withFallback(ConfigFactory.load()).resolve());
        config = SettingsLoader.render(SettingsLoader.load(null, List.of("env=ChatWorld", "device=cpu", "seed=5", LABELERS)));
        world = new ChatWorld(SettingsLoader.chat(SettingsLoader.loadStored(config)));
        shard = kit.createTestProbe();
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void shouldRankAsTheLabelerItWasRestoredToWhenGivenItsState() {
        Labeler local = world.population("ppo").labeler("noisy");
        List<LabelerEntity.Task> warmUp = tasks(5, 1);
        for (LabelerEntity.Task t : warmUp) {
            local.rank(t.prompt().toPrompt(), t.responses());
        }
        ActorRef<LabelerEntity.Command> entity = kit.spawn(LabelerEntity.create("run/noisy", "here", shard.getRef()));
        TestProbe<LabelerEntity.Answer> probe = kit.createTestProbe();
        entity.tell(new LabelerEntity.Restore(config, "noisy", 2, local.rngState(), local.labelsGiven(), probe.getRef()));
        assertNull(probe.receiveMessage().refusal());

        List<LabelerEntity.Task> tasks = tasks(6, 2);
        entity.tell(new LabelerEntity.Rank(2, tasks, probe.getRef()));
        LabelerEntity.Answer answer = probe.receiveMessage();
        assertNull(answer.refusal());
        for (int i = 0; i < tasks.size(); i++) {
            long before = local.labelsGiven();
            assertArrayEquals(local.rank(tasks.get(i).prompt().toPrompt(), tasks.get(i).responses()), answer.rankings().get(i).ranking());
            assertEquals(before, answer.rankings().get(i).labelsGivenBefore());
        }
        // A late retry of the generation's Restore changes nothing.
        entity.tell(new LabelerEntity.Restore(config, "noisy", 2, new long[0], 0, probe.getRef()));
        assertNull(probe.receiveMessage().refusal());
        entity.tell(new LabelerEntity.Snapshot(2, probe.getRef()));
        LabelerEntity.Answer state = probe.receiveMessage();
        assertArrayEquals(local.rngState(), state.rng());
        assertEquals(local.labelsGiven(), state.labelsGiven());
    }

    @Test
    void shouldRefuseToRankWhenNeverRestored() {
        ActorRef<LabelerEntity.Command> entity = kit.spawn(LabelerEntity.create("run/moved", "here", shard.getRef()));
        TestProbe<LabelerEntity.Answer> probe = kit.createTestProbe();
        entity.tell(new LabelerEntity.Rank(0, tasks(1, 3), probe.getRef()));
        String refusal = probe.receiveMessage().refusal();
        assertNotNull(refusal);
        assertTrue(refusal.contains("was not restored here"), refusal);
    }

    @Test
    void shouldRefuseAnEarlierGenerationWhenRestoredToALaterOne() {
        ActorRef<LabelerEntity.Command> entity = kit.spawn(LabelerEntity.create("run/late", "here", shard.getRef()));
        TestProbe<LabelerEntity.Answer> probe = kit.createTestProbe();
        entity.tell(new LabelerEntity.Restore(config, "noisy", 3, new long[0], 0, probe.getRef()));
        assertNull(probe.receiveMessage().refusal());
        entity.tell(new LabelerEntity.Rank(2, tasks(2, 4), probe.getRef()));
        assertNotNull(probe.receiveMessage().refusal(), "a late Rank of generation 2");
        entity.tell(new LabelerEntity.Restore(config, "noisy", 2, new long[0], 0, probe.getRef()));
        assertNotNull(probe.receiveMessage().refusal(), "a late Restore of generation 2");
        entity.tell(new LabelerEntity.Snapshot(3, probe.getRef()));
        LabelerEntity.Answer state = probe.receiveMessage();
        assertNull(state.refusal());
        assertEquals(0, state.labelsGiven(), "the refused messages changed nothing");

        entity.tell(new LabelerEntity.Release(2));
        entity.tell(new LabelerEntity.Snapshot(3, probe.getRef()));
        assertNull(probe.receiveMessage().refusal(), "a late Release of generation 2 left generation 3 as it was");
        shard.expectNoMessage();
        entity.tell(new LabelerEntity.Release(3));
        assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage(), "its own generation's Release passivates it");
    }

    /** {@code n} train prompts, each with three responses of its own tokens reversed, cut and repeated. */
    private static List<LabelerEntity.Task> tasks(int n, long seed) {
        var sampler = world.sampler(PromptSplit.Side.TRAIN, world.stream("test/" + seed));
        List<LabelerEntity.Task> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Prompt p = sampler.sample();
            int[] t = p.tokens();
            int[][] responses = {{t[1], t[2]}, {t[2], t[1], t[1]}, {t[t.length - 2]}};
            out.add(new LabelerEntity.Task(i, LabelerEntity.PromptDto.of(p), responses));
        }
        return out;
    }
}
