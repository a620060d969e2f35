package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How runs of different methods are told apart: by what they set, not by the settings blocks of other methods. */
class SeedGroupsTest {
    @TempDir
    Path dir;

    /** The chat fixture closed by {@code method}, with a {@code chat.<method>} block of {@code block} when given. */
    private Path run(String name, String method, String block) {
        Path run = ReportFixtures.copy(ReportFixtures.CHAT, dir, name);
        ReportFixtures.editConfig(run, "        rm,\n        ppo\n    ]", "        rm,\n        " + method + "\n    ]");
        if (block != null) {
            ReportFixtures.editConfig(run, "    chat {", "    chat {\n        " + block);
        }
        return run;
    }

    private List<String> labels(Path... runs) {
        return SeedGroups.of(List.of(runs).stream().map(RunReader::read).toList()).stream().map(SeedGroups.Group::label).toList();
    }

    @Test
    void shouldLabelByThePipelineWhenOnlyTheOtherMethodHasABlock() {
        List<String> labels = labels(run("ppo", "ppo", null), run("rloo", "rloo", "rloo { k=4 }"));

        assertEquals(List.of("pipeline=[sft, label, rm, ppo]", "pipeline=[sft, label, rm, rloo]"), labels);
    }

    @Test
    void shouldLabelByTheMethodsOwnSettingWhenTwoRunsOfOneMethodDiffer() {
        List<String> labels = labels(run("dpo-a", "dpo", "dpo { beta=0.1 }"), run("dpo-b", "dpo", "dpo { beta=0.03 }"), run("bon", "bon", null));

        assertEquals(List.of("chat.dpo.beta=0.1, pipeline=[sft, label, rm, dpo]", "chat.dpo.beta=0.03, pipeline=[sft, label, rm, dpo]",
                "pipeline=[sft, label, rm, bon]"), labels);
    }
}
