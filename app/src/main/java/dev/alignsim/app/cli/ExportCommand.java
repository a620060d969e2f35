package dev.alignsim.app.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.alignsim.storage.ChatResponse;
import dev.alignsim.storage.ExperienceColumns;
import dev.alignsim.storage.ExperienceRepository;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.proto.Checkpoint;
import dev.alignsim.storage.proto.Comparison;
import dev.alignsim.storage.proto.ExperienceBatch;
import dev.alignsim.storage.proto.MetricsLine;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code alignsim export DIR --kind KIND --format jsonl|csv}: a run's records for other tools, one row per
 * transition (a control world's experience), per response (ChatWorld's experience), per comparison, per iteration
 * (metrics) or per checkpoint; read-only.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = {"Writes a run's records as JSON lines or CSV.",
    "Rows carry the run's iteration (as metrics.jsonl's iteration); a ChatWorld PPO iteration's rows also carry ppo/iteration "
        + "(1..N, as in the log and summary --rlhf). --out is written whole, then renamed: a failure leaves no file."})
public final class ExportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Output formats. */
    public enum Format { jsonl, csv }

    @Parameters(paramLabel = "DIR", description = "The run directory.")
    Path dir;

    @Option(names = "--kind", required = true, paramLabel = "KIND",
            description = "experience, responses (ChatWorld's, also exported by experience), comparisons, metrics or checkpoints.")
    String kind;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT", description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output (must not exist).")
    Path out;

    @Option(names = "--from", defaultValue = "0", paramLabel = "ITERATION", description = "First iteration, the run's own counter (default: ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--to", defaultValue = "9223372036854775806", paramLabel = "ITERATION", description = "Last iteration (default: all).")
    long to;

    @Option(names = "--sample", paramLabel = "N", description = "Experience only: N transitions drawn uniformly (with replacement).")
    Integer sample;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seed of --sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        RecordKind recordKind;
        try {
            recordKind = RecordKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("--kind " + kind + ": " + e.getMessage());
        }
        if (recordKind == RecordKind.META) {
            throw new InvalidArgumentException("--kind meta: expected experience, responses, comparisons, metrics or checkpoints; meta is "
                    + "run metadata (see alignsim inspect)");
        }
        if (sample != null && (recordKind != RecordKind.EXPERIENCE || sample < 1)) {
            throw new InvalidArgumentException("--sample " + sample + (recordKind != RecordKind.EXPERIENCE ? " with --kind " + kind : "")
                    + ": expected a positive count, with --kind experience");
        }
        if (from < 0 || to < from) {
            throw new InvalidArgumentException("--from " + from + " --to " + to + ": expected 0 <= from <= to");
        }
        if (out != null) {
            OutputFile.checkNew("--out", out);
        }
        List<ObjectNode> rows;
        try (RunStore store = RunStore.open(dir, false, StoreOptions.defaults())) {
            rows = switch (recordKind) {
                case EXPERIENCE -> experience(store);
                case RESPONSES -> responses(store);
                case METRICS -> metrics(store);
                case CHECKPOINTS -> checkpoints(store);
                default -> comparisons(store);
            };
            PpoIterations.of(store.config()).ifPresent(ppo -> rows.forEach(ppo::number));
        }
        if (rows.isEmpty()) {
            System.err.println("alignsim: export: " + dir + " holds no " + recordKind.familyName() + " in iterations " + from + ".."
                    + (to == Long.MAX_VALUE - 1 ? "the last" : to) + "; the output is empty");
        }
        if (out == null) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            write(rows, writer);
            writer.flush();
        } else {
            OutputFile.write(out, stream -> {
                Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                write(rows, writer);
                writer.flush();
            });
        }
        return 0;
    }

    /** A control world's transitions, or ChatWorld's responses: a run stores one or the other. */
    private List<ObjectNode> experience(RunStore store) {
        List<ObjectNode> rows = new ArrayList<>();
        if (sample != null) {
            if (store.responses().count() > 0) {
                throw new InvalidArgumentException("--sample draws transitions of a control world, and " + dir + " holds ChatWorld "
                        + "responses; export them whole with --kind experience (or --kind responses)");
            }
            for (ExperienceRepository.Transition t : store.experience().sampleUniform(sample, seed, from, to)) {
                rows.add(row(t));
            }
            return rows;
        }
        for (ExperienceBatch b : store.experience().range(from, to)) {
            for (int r = 0, count = ExperienceColumns.rows(b); r < count; r++) {
                rows.add(row(ExperienceRepository.transition(b, r)));
            }
        }
        rows.addAll(responses(store));
        return rows;
    }

    private List<ObjectNode> responses(RunStore store) {
        List<ObjectNode> rows = new ArrayList<>();
        for (ChatResponse response : store.responses().responses(from, to)) {
            rows.add(responseRow(response));
        }
        return rows;
    }

    /**
     * One ChatWorld response: its prompt and tokens, and per token (EOS included) the sampling log-probability, the
     * critic's value, the reward (KL penalty, plus the score at the last token), advantage and return. Token lists are
     * space-separated, so that CSV stays one value per column.
     */
    private static ObjectNode responseRow(ChatResponse r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("iteration", r.iteration()).put("row", r.row());
        n.put("prompt", joined(r.prompt()));
        n.put("tokens", joined(r.tokens()));
        n.put("log_probs", joined(r.logProbs()));
        n.put("values", joined(r.values()));
        n.put("rewards", joined(r.rewards()));
        n.put("advantages", joined(r.advantages()));
        n.put("returns", joined(r.returns()));
        return n;
    }

    private static String joined(int[] values) {
        StringBuilder out = new StringBuilder();
        for (int v : values) {
            out.append(out.length() == 0 ? "" : " ").append(v);
        }
        return out.toString();
    }

    private static String joined(float[] values) {
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < values.length; j++) {
            out.append(j == 0 ? "" : " ").append(Float.toString(values[j]));
        }
        return out.toString();
    }

    private static ObjectNode row(ExperienceRepository.Transition t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("iteration", t.iteration()).put("shard", t.shard()).put("row", t.row()).put("policy_version", t.policyVersion());
        for (int j = 0; j < t.observation().length; j++) {
            n.put("obs_" + j, t.observation()[j]);
        }
        for (int j = 0; j < t.action().length; j++) {
            n.put("action_" + j, t.action()[j]);
        }
        n.put("log_prob", t.logProb()).put("value", t.value()).put("reward", t.reward()).put("terminated", t.terminated())
                .put("truncated", t.truncated()).put("advantage", t.advantage()).put("return", t.returnValue());
        return n;
    }

    private List<ObjectNode> metrics(RunStore store) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        for (MetricsLine line : store.metricsThrough(to)) {
            if (line.getIteration() >= from) {
                rows.add((ObjectNode) JSON.readTree(line.getJson()));
            }
        }
        return rows;
    }

    /** One row per comparison: who judged, the prompt, the responses (tokens, gold total) and the ranking. */
    private List<ObjectNode> comparisons(RunStore store) {
        List<ObjectNode> rows = new ArrayList<>();
        for (Comparison c : store.comparisons().range(from, to)) {
            ObjectNode n = JSON.createObjectNode();
            n.put("iteration", c.getIteration()).put("labeler_id", c.getLabelerId()).put("strategy", c.getStrategy())
                    .put("prompt_kind", c.getPromptKind()).put("prompt_tokens", joined(c.getPromptTokensList()))
                    .put("k", c.getResponsesCount()).put("ranking", joined(c.getRankingList()))
                    .put("labels_given", c.getLabelsGiven());
            for (int i = 0; i < c.getResponsesCount(); i++) {
                n.put("response_" + i + "_tokens", joined(c.getResponses(i).getTokensList()));
                n.put("response_" + i + "_gold", c.getResponses(i).getGold().getTotal());
            }
            rows.add(n);
        }
        return rows;
    }

    private static String joined(List<Integer> values) {
        StringBuilder b = new StringBuilder();
        for (int v : values) {
            b.append(b.length() == 0 ? "" : " ").append(v);
        }
        return b.toString();
    }

    private List<ObjectNode> checkpoints(RunStore store) {
        List<ObjectNode> rows = new ArrayList<>();
        for (Checkpoint c : store.checkpoints(from, to)) {
            ObjectNode n = JSON.createObjectNode();
            // protobuf-java writes fields in number order and keeps unknown ones: a parsed record has its stored size.
            n.put("iteration", c.getIteration()).put("bytes", c.getSerializedSize()).put("policy_version", c.getPolicy().getVersion())
                    .put("policy_adam_step", c.getPolicy().getAdamStep()).put("critic_adam_step", c.getCritic().getAdamStep())
                    .put("env_runners", c.getRunnersCount()).put("episodes_total", c.getEpisodesTotal());
            rows.add(n);
        }
        return rows;
    }

    private void write(List<ObjectNode> rows, Writer writer) throws IOException {
        if (format == Format.jsonl) {
            for (ObjectNode row : rows) {
                writer.write(JSON.writeValueAsString(row));
                writer.write('\n');
            }
            return;
        }
        if (rows.isEmpty()) {
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        for (ObjectNode row : rows) {
            for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                columns.add(it.next());
            }
        }
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        CsvMapper csv = new CsvMapper();
        try {
            csv.writer(schema.build()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValues(writer).writeAll(rows).close();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

}
