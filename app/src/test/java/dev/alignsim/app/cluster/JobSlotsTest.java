package dev.alignsim.app.cluster;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A node's experiment slots: at most N at once, the rest in arrival order. */
class JobSlotsTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration QUIET = Duration.ofMillis(300);

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @Test
    void shouldGrantAQueuedExperimentWhenASlotIsReleased() {
        ActorRef<JobSlots.Command> slots = KIT.spawn(JobSlots.create(1));
        TestProbe<JobSlots.Granted> a = KIT.createTestProbe();
        TestProbe<JobSlots.Granted> b = KIT.createTestProbe();
        slots.tell(new JobSlots.Acquire("a", a.getRef()));
        a.expectMessageClass(JobSlots.Granted.class);
        slots.tell(new JobSlots.Acquire("b", b.getRef()));
        b.expectNoMessage(QUIET);
        slots.tell(new JobSlots.Release("a"));
        b.expectMessageClass(JobSlots.Granted.class);
    }

    @Test
    void shouldSkipAnExperimentWhenItLeftTheQueue() {
        ActorRef<JobSlots.Command> slots = KIT.spawn(JobSlots.create(1));
        TestProbe<JobSlots.Granted> a = KIT.createTestProbe();
        TestProbe<JobSlots.Granted> b = KIT.createTestProbe();
        TestProbe<JobSlots.Granted> c = KIT.createTestProbe();
        slots.tell(new JobSlots.Acquire("a", a.getRef()));
        a.expectMessageClass(JobSlots.Granted.class);
        slots.tell(new JobSlots.Acquire("b", b.getRef()));
        slots.tell(new JobSlots.Acquire("c", c.getRef()));
        slots.tell(new JobSlots.Release("b"));
        slots.tell(new JobSlots.Release("a"));
        c.expectMessageClass(JobSlots.Granted.class);
        b.expectNoMessage(QUIET);
    }

    @Test
    void shouldRunTwoAtOnceWhenGivenTwoSlots() {
        ActorRef<JobSlots.Command> slots = KIT.spawn(JobSlots.create(2));
        TestProbe<JobSlots.Granted> a = KIT.createTestProbe();
        TestProbe<JobSlots.Granted> b = KIT.createTestProbe();
        TestProbe<JobSlots.Granted> c = KIT.createTestProbe();
        slots.tell(new JobSlots.Acquire("a", a.getRef()));
        slots.tell(new JobSlots.Acquire("b", b.getRef()));
        slots.tell(new JobSlots.Acquire("c", c.getRef()));
        a.expectMessageClass(JobSlots.Granted.class);
        b.expectMessageClass(JobSlots.Granted.class);
        c.expectNoMessage(QUIET);
    }
}
