package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prompt kinds the gold-per-kind figures draw, from a line that also reports user groups. */
class GoldKindsTest {

    @Test
    void shouldDrawOnlyPromptKindsWhenTheLineAlsoReportsUserGroupsAndTheirSpread() throws Exception {
        JsonNode line = new ObjectMapper().readTree("{\"objective/gold\": 1, \"objective/gold/task\": 1, \"objective/gold/harmful\": 2, "
                + "\"objective/gold/group/helpful\": 3, \"objective/gold/group/terse\": 0, \"objective/gold/group_spread\": 3}");

        assertEquals(List.of("task", "harmful"), ChatSections.kinds(line, "objective/gold/"));
    }
}
