package dev.alignsim.app.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code alignsim report RUN... [--out FILE]}: one self-contained HTML report of a run, or of several runs compared. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML file (figures embedded, no network needed) of a run's settings and curves,",
            "or of several runs grouped by their settings apart from the seed: mean curves with 95%% bands and a comparison table.",
            "Reads metrics.jsonl and config.conf as they are, so it works on a run still going."})
public final class ReportCommand implements Callable<Integer> {
    static final String DEFAULT_NAME = "report.html";

    @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run directories (each holding metrics.jsonl and config.conf).")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the report (default: RUN/report.html for one run, ./report.html for several).")
    Path out;

    @Override
    public Integer call() {
        Path target = out != null ? out : runs.size() == 1 ? runs.get(0).resolve(DEFAULT_NAME) : Path.of(DEFAULT_NAME);
        ReportFile.checkWritable(target);
        List<RunData> data = runs.stream().map(RunReader::read).toList();
        List<String> command = new ArrayList<>(List.of("alignsim", "report"));
        runs.forEach(run -> command.add(run.toString()));
        if (out != null) {
            command.add("--out " + out);
        }
        ReportInfo info = ReportInfo.now(String.join(" ", command));
        ReportFile.write(target, data.size() == 1 ? ReportPage.single(data.get(0), info) : ReportPage.several(data, info));
        System.out.println("alignsim: report: " + target);
        return 0;
    }
}
