package dev.alignsim.policy.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelScheduleTest {
    private static final int BATCH = 256;
    private static final long STEPS = 100 * BATCH;

    @Test
    void shouldAskForTheInitialBatchAndTheFirstIterationsShareWhenTheRunStarts() {
        LabelSchedule schedule = new LabelSchedule(1000, 250, STEPS, 25_600);

        // log(1 + 256/25600) / log(1 + 25600/25600) = 0.014355...; 750 x that = 10.77, rounded down to 10.
        assertEquals(260, schedule.labelsIn(1, BATCH));
    }

    @Test
    void shouldGiveEveryLabelWhenTheLastIterationEnds() {
        LabelSchedule schedule = new LabelSchedule(1000, 250, STEPS, 25_600);
        int total = 0;
        for (int i = 1; i <= 100; i++) {
            total += schedule.labelsIn(i, BATCH);
        }
        assertEquals(1000, total);
        assertEquals(1000, schedule.labelsBy(STEPS));
    }

    @Test
    void shouldAskForFewerLabelsLaterWhenTheRateDecays() {
        LabelSchedule schedule = new LabelSchedule(2000, 200, STEPS, 10_000);
        int early = 0;
        int late = 0;
        for (int i = 2; i <= 11; i++) {
            early += schedule.labelsIn(i, BATCH);
            late += schedule.labelsIn(i + 89, BATCH);
        }
        // The rate is 1 / (1 + s / 10000): about 1/1.26 at s ~ 2.6k, 1/3.4 at s ~ 24k, so the early window gets ~2.7x.
        assertTrue(early > 2 * late, "early " + early + ", late " + late);
        for (int i = 2; i < 100; i++) {
            assertTrue(schedule.labelsIn(i, BATCH) >= schedule.labelsIn(i + 1, BATCH) - 1, "iteration " + i);
        }
    }

    @Test
    void shouldRefuseAnInitialBatchLargerThanTheBudgetWhenMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LabelSchedule(100, 101, STEPS, 1000));
        assertTrue(e.getMessage().contains("feedback.initial_labels"), e.getMessage());
    }
}
