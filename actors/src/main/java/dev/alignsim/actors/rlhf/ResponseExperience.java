package dev.alignsim.actors.rlhf;

import dev.alignsim.env.chat.Vocabulary;
import dev.alignsim.policy.rlhf.ResponseBatch;
import dev.alignsim.storage.ExperienceColumns;
import dev.alignsim.storage.proto.ExperienceBatch;
import java.util.Arrays;

/** An iteration's responses as experience: one row per response, token columns (rows x responseLength). */
final class ResponseExperience {
    private ResponseExperience() {}

    static ExperienceBatch of(long key, ResponseBatch batch, float[] rewards, int promptWidth, int width) {
        int n = batch.size();
        float[] prompts = new float[n * promptWidth];
        Arrays.fill(prompts, Vocabulary.PAD);
        float[] actions = new float[n * width];
        boolean[] real = new boolean[n * width];
        for (int b = 0; b < n; b++) {
            int[] p = batch.prompts()[b];
            for (int j = 0; j < p.length; j++) {
                prompts[b * promptWidth + promptWidth - p.length + j] = p[j];
            }
            int[] r = batch.responses()[b];
            for (int j = 0; j < r.length; j++) {
                actions[b * width + j] = r[j];
                real[b * width + j] = true;
            }
        }
        return ExperienceBatch.newBuilder().setIteration(key).setShard(0).setSteps(1).setEnvs(n).setObsDim(promptWidth)
                .setActionDim(width).setTokenWidth(width).setObservations(ExperienceColumns.floats(prompts)).setActions(ExperienceColumns.floats(actions))
                .setLogProbs(ExperienceColumns.floats(batch.oldLogProbs())).setValues(ExperienceColumns.floats(batch.oldValues()))
                .setRewards(ExperienceColumns.floats(rewards)).setTerminated(ExperienceColumns.flags(real))
                .setAdvantages(ExperienceColumns.floats(batch.advantages())).setReturns(ExperienceColumns.floats(batch.returns()))
                .build();
    }
}
