package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWhenRowsAreAppended() throws IOException {
        Path path = dir.resolve("metrics.jsonl");
        try (MetricsLog log = new MetricsLog(path)) {
            log.append(Map.of("iteration", 1));
            log.append(Map.of("iteration", 2));
            log.append(Map.of("iteration", 3));
        }

        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = JSON.readTree(lines.get(i));
            assertTrue(node.isObject(), "line " + i + " is not a JSON object: " + lines.get(i));
            assertEquals(i + 1, node.get("iteration").asInt());
        }
    }

    @Test
    void shouldKeepInsertionOrderOfKeysWhenRowIsLinkedMap() throws IOException {
        Path path = dir.resolve("metrics.jsonl");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("zeta", 1);
        row.put("alpha", 2.5);
        row.put("policy/approx_kl", 0.01);
        row.put("middle", "x");
        try (MetricsLog log = new MetricsLog(path)) {
            log.append(row);
        }

        JsonNode node = JSON.readTree(Files.readAllLines(path, StandardCharsets.UTF_8).get(0));
        assertEquals(List.of("zeta", "alpha", "policy/approx_kl", "middle"), fieldNames(node));
    }

    @Test
    void shouldWriteNullWhenValueIsNotFinite() throws IOException {
        Path path = dir.resolve("metrics.jsonl");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("nan", Double.NaN);
        row.put("inf", Double.POSITIVE_INFINITY);
        row.put("neg_inf", Double.NEGATIVE_INFINITY);
        row.put("float_nan", Float.NaN);
        row.put("finite", 1.5);
        try (MetricsLog log = new MetricsLog(path)) {
            log.append(row);
        }

        String line = Files.readAllLines(path, StandardCharsets.UTF_8).get(0);
        JsonNode node = JSON.readTree(line);
        assertTrue(node.get("nan").isNull(), line);
        assertTrue(node.get("inf").isNull(), line);
        assertTrue(node.get("neg_inf").isNull(), line);
        assertTrue(node.get("float_nan").isNull(), line);
        assertEquals(1.5, node.get("finite").asDouble());
    }

    @Test
    void shouldKeepExistingLinesWhenFileAlreadyExists() throws IOException {
        Path path = dir.resolve("metrics.jsonl");
        Files.writeString(path, "{\"iteration\":1}\n{\"iteration\":2}\n", StandardCharsets.UTF_8);

        try (MetricsLog log = new MetricsLog(path)) {
            log.append(Map.of("iteration", 3));
        }

        assertEquals(List.of("{\"iteration\":1}", "{\"iteration\":2}", "{\"iteration\":3}"),
                Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    @Test
    void shouldMakeLineVisibleWhenAppendReturnsBeforeClose() throws IOException {
        Path path = dir.resolve("metrics.jsonl");
        try (MetricsLog log = new MetricsLog(path)) {
            log.append(Map.of("iteration", 7));

            assertEquals(List.of("{\"iteration\":7}"), Files.readAllLines(path, StandardCharsets.UTF_8));
        }
    }
}
