package dev.alignsim.actors.chat;

import ai.djl.Device;
import dev.alignsim.policy.rm.RewardEnsemble;
import dev.alignsim.policy.rm.RewardModel;
import dev.alignsim.policy.rm.RewardSettings;
import dev.alignsim.policy.seq.SequenceModelSpec;
import dev.alignsim.policy.seq.SequencePolicy;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.ModelRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The one loader of the models a pipeline stored: the SFT reference ({@code sft}) and the reward model's members
 * ({@code rm/0}, {@code rm/1}, ...), each checked against the network the run's settings describe.
 */
public final class StoredModels {
    static final String REFERENCE = "sft";
    static final String REWARD_PREFIX = "rm/";

    private final RunStore store;
    private final SequenceModelSpec spec;
    private final Device device;
    private final double[] memberWeights;

    /** Loads a reward model whose members are averaged. */
    public StoredModels(RunStore store, SequenceModelSpec spec, Device device) {
        this(store, spec, device, null);
    }

    /**
     * @param memberWeights null: the reward model's members are averaged; else they are combined by these weights, one
     *     per member ({@link GroupRewards#memberWeights})
     */
    public StoredModels(RunStore store, SequenceModelSpec spec, Device device, double[] memberWeights) {
        this.store = store;
        this.spec = spec;
        this.device = device;
        this.memberWeights = memberWeights == null ? null : memberWeights.clone();
    }

    /** @throws IllegalStateException when the store holds no model of that name, or one of another shape */
    public ModelRecord record(String name) {
        ModelRecord record = store.model(name).orElseThrow(() -> new IllegalStateException("the store holds no model '" + name
                + "' (models: " + store.modelNames() + "); run a pipeline with the stage that trains it first"));
        ModelCodec.requireShape(record, spec);
        return record;
    }

    public ModelRecord referenceRecord() {
        return record(REFERENCE);
    }

    /** A fresh copy of the SFT policy; the caller closes it. */
    public SequencePolicy reference() {
        SequencePolicy policy = new SequencePolicy(spec, device, 0);
        try {
            policy.load(ModelCodec.weights(referenceRecord()));
            return policy;
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
    }

    /**
     * The reward model's members, in order.
     *
     * @throws IllegalStateException when the store holds none, or its members are not numbered from 0
     */
    public List<ModelRecord> rewardRecords() {
        List<String> names = store.modelNames().stream().filter(n -> n.startsWith(REWARD_PREFIX)).toList();
        if (names.isEmpty()) {
            throw new IllegalStateException("the store holds no reward model (models: " + store.modelNames()
                    + "); run a pipeline with the rm stage first");
        }
        List<ModelRecord> records = new ArrayList<>(names.size());
        for (int m = 0; m < names.size(); m++) {
            if (!names.contains(REWARD_PREFIX + m)) {
                throw new IllegalStateException("the store's reward models are not numbered rm/0..: " + names);
            }
            records.add(record(REWARD_PREFIX + m));
        }
        return records;
    }

    /**
     * The stored reward model with its stored normalisation, as an ensemble of as many members as were stored that
     * trains with {@code training} (epochs, learning rate, ...) from generators seeded by {@code seed}, its members
     * combined by the member weights this loader was given (per-group rewards) or averaged; the caller closes it.
     *
     * @throws IllegalStateException when there are member weights and the store holds another number of members
     */
    public RewardEnsemble rewardModel(RewardSettings training, long seed) {
        List<ModelRecord> records = rewardRecords();
        if (memberWeights != null && memberWeights.length != records.size()) {
            throw new IllegalStateException("the store holds a reward model of " + records.size() + " members, but chat.rm.per_group = true"
                    + " needs one per group of chat.population.groups (" + memberWeights.length + ")");
        }
        RewardSettings sized = training.withEnsembleSize(records.size());
        RewardEnsemble ensemble = new RewardEnsemble(spec, sized, device, seed, memberWeights);
        try {
            for (int m = 0; m < records.size(); m++) {
                RewardModel member = ensemble.members().get(m);
                member.load(ModelCodec.weights(records.get(m)));
                member.setNormalisation(records.get(m).getScoreOffset(), records.get(m).getScoreScale());
            }
            return ensemble;
        } catch (RuntimeException e) {
            ensemble.close();
            throw e;
        }
    }
}
