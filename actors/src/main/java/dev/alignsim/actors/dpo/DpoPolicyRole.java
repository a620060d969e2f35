package dev.alignsim.actors.dpo;

import dev.alignsim.env.Rng;
import dev.alignsim.policy.methods.PreferenceBatch;
import dev.alignsim.policy.methods.SequenceDpoLearner;
import dev.alignsim.policy.ppo.LearnerSnapshot;
import dev.alignsim.policy.rlhf.TokenAdvantages;
import dev.alignsim.policy.seq.SequencePolicy;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * The DPO policy's learner and the frozen reference beside it, owned by one actor on a thread of its own (libtorch's
 * grad mode is per thread), as the ppo stage's PolicyRole owns its learner: it trains one epoch at a time, answers
 * prompts with the current policy together with each answer's KL estimate against the reference, and gives its state
 * for checkpoints. The preference pairs, with the reference's summed log-probs, are built once when it starts.
 */
final class DpoPolicyRole {

    sealed interface Command {}

    /** One pass over the pairs. */
    record Epoch(ActorRef<StatusReply<SequenceDpoLearner.EpochStats>> replyTo) implements Command {}

    /** One response per prompt from the current policy at temperature 1; draws come from {@code seed} alone. */
    record Answer(int[][] prompts, long seed, ActorRef<StatusReply<Answered>> replyTo) implements Command {}

    record Snapshot(ActorRef<StatusReply<LearnerSnapshot>> replyTo) implements Command {}

    /**
     * The policy's responses, each one's summed {@code log π - log π_ref} over its real tokens (the sampled estimate
     * of KL(π || π_ref) that the ppo stage's lines report) and its summed {@code log π} (minus: the entropy estimate).
     */
    record Answered(int[][] responses, double[] sequenceKl, double[] sequenceLogProbs) {}

    /** What the role works with, built on its own thread. */
    record State(SequenceDpoLearner learner, SequencePolicy reference, PreferenceBatch pairs) {}

    private final State state;

    private DpoPolicyRole(State state) {
        this.state = state;
    }

    /**
     * @param state builds the learner (restored to the state the role starts from), the reference and the pairs; when it
     *     throws, the role answers every message with that failure rather than leave its askers waiting
     */
    static Behavior<Command> create(Supplier<State> state) {
        return Behaviors.setup(context -> {
            State built;
            try {
                built = state.get();
            } catch (RuntimeException e) {
                return failed(e);
            }
            return new DpoPolicyRole(built).behavior();
        });
    }

    private Behavior<Command> behavior() {
        SequenceDpoLearner learner = state.learner();
        return Behaviors.receive(Command.class)
                .onMessage(Epoch.class, m -> answer(m.replyTo(), () -> learner.epoch(state.pairs())))
                .onMessage(Answer.class, m -> answer(m.replyTo(), () -> answer(m.prompts(), m.seed())))
                .onMessage(Snapshot.class, m -> answer(m.replyTo(), learner::snapshot))
                .onSignal(PostStop.class, s -> {
                    learner.close();
                    learner.policy().close();
                    state.reference().close();
                    return Behaviors.same();
                })
                .build();
    }

    private Answered answer(int[][] prompts, long seed) {
        SequencePolicy policy = state.learner().policy();
        SequencePolicy.Generation g = policy.generate(prompts, 1.0, new Rng(seed));
        int[][] responses = g.responses();
        int width = policy.spec().responseLength();
        int[] lengths = Arrays.stream(responses).mapToInt(r -> r.length).toArray();
        float[] reference = state.reference().tokenLogProbs(prompts, responses, 1.0);
        double[] kl = TokenAdvantages.sequenceKl(g.logProbs(), reference, lengths, width);
        double[] logProbs = new double[responses.length];
        for (int row = 0; row < responses.length; row++) {
            for (int t = 0; t < lengths[row]; t++) {
                logProbs[row] += g.logProb(row, t);
            }
        }
        return new Answered(responses, kl, logProbs);
    }

    private static Behavior<Command> failed(RuntimeException cause) {
        String why = "the DPO policy role could not start: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return Behaviors.receive(Command.class)
                .onMessage(Epoch.class, m -> refuse(m.replyTo(), why))
                .onMessage(Answer.class, m -> refuse(m.replyTo(), why))
                .onMessage(Snapshot.class, m -> refuse(m.replyTo(), why))
                .build();
    }

    private static <T> Behavior<Command> refuse(ActorRef<StatusReply<T>> replyTo, String why) {
        replyTo.tell(StatusReply.error(why));
        return Behaviors.same();
    }

    /** The result, or an error that names what failed; the role goes on as it was. */
    private static <T> Behavior<Command> answer(ActorRef<StatusReply<T>> replyTo, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            replyTo.tell(StatusReply.error(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return Behaviors.same();
        }
        replyTo.tell(StatusReply.success(result));
        return Behaviors.same();
    }
}
