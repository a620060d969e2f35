package dev.alignsim.app.report;

import dev.alignsim.app.cli.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a report together: the sections for one run or for several, a table of contents, what the report could not
 * show and why, and the page around them (its style inline, so the file stands alone).
 */
final class ReportPage {
    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222; max-width: 920px;
                   margin: 2em auto; padding: 0 1em; line-height: 1.45; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
            h3 { font-size: 1.05em; margin-top: 1.4em; }
            table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1em 0; } figure svg { width: 100%; height: auto; display: block; } figcaption { font-size: 0.9em; color: #444; }
            .note { color: #555; font-size: 0.9em; } nav ol { columns: 2; font-size: 0.95em; }
            """;

    private ReportPage() {}

    /** The report of one run. */
    static String single(RunData run, ReportInfo info) {
        List<SectionWriter.Section> sections = new ArrayList<>();
        sections.add((html, notShown) -> SettingsSection.write(html, run, info));
        if (run.chat()) {
            sections.add((html, notShown) -> ChatSections.pipeline(html, run));
            sections.add((html, notShown) -> ChatSections.goldProxyKl(html, run));
            sections.add((html, notShown) -> ChatSections.goldAgainstKl(html, run));
            sections.add((html, notShown) -> ChatSections.goldByKind(html, run));
            sections.add((html, notShown) -> ChatSections.safety(html, run, notShown));
            sections.add((html, notShown) -> RewardModelSection.write(html, run, notShown));
            sections.add((html, notShown) -> ChatSections.responseLength(html, run));
            sections.add((html, notShown) -> TranscriptSection.write(html, run, notShown));
            sections.add((html, notShown) -> PpoHealthSection.write(html, run.ppoLines(), ChatSections.X, ChatSections.X_LABEL));
        } else {
            sections.add((html, notShown) -> ControlSections.results(html, run));
            sections.add((html, notShown) -> ControlSections.throughput(html, run));
            sections.add((html, notShown) -> PpoHealthSection.write(html, run.lines(), ControlSections.X, ControlSections.X_LABEL));
            sections.add((html, notShown) -> notShown.add("Reward model, labeler agreement, gold and transcripts: a control world has "
                    + "no labels and no gold."));
        }
        sections.add((html, notShown) -> TimingSection.write(html, run));
        String subtitle = run.env() + ", seed " + run.seed() + ", " + SettingsSection.state(run);
        return page("alignsim report: " + run.name(), subtitle, SectionWriter.write(sections));
    }

    /** The report of several runs: grouped by settings apart from the seed. */
    static String several(List<RunData> runs, ReportInfo info) {
        boolean chat = runs.get(0).chat();
        for (RunData run : runs) {
            if (run.chat() != chat) {
                throw new InvalidArgumentException("cannot compare " + runs.get(0).dir() + " (" + runs.get(0).env() + ") with " + run.dir()
                        + " (" + run.env() + "): ChatWorld runs and control-world runs measure different things; report them apart");
            }
        }
        List<SeedGroups.Group> groups = SeedGroups.of(runs);
        List<SectionWriter.Section> sections = new ArrayList<>();
        sections.add((html, notShown) -> SweepSections.runs(html, groups, info));
        sections.add((html, notShown) -> SweepSections.comparison(html, groups, chat));
        sections.add((html, notShown) -> SweepSections.curves(html, groups, chat));
        if (chat) {
            sections.add((html, notShown) -> SweepSections.frontier(html, groups, notShown));
        }
        sections.add((html, notShown) -> notShown.add("Per-run details (stages, transcripts, PPO health, timing): `alignsim report RUN` "
                + "writes them for one run."));
        String subtitle = runs.size() + " runs in " + groups.size() + (groups.size() == 1 ? " group" : " groups") + " of settings";
        return page("alignsim report: " + runs.size() + " runs", subtitle, SectionWriter.write(sections));
    }

    private static String page(String title, String subtitle, SectionWriter.Written written) {
        Html body = written.html();
        List<String> notShown = written.notShown();
        if (!notShown.isEmpty()) {
            body.openSection("not-shown", "Not shown").list(notShown).closeSection();
        }
        String sections = body.toString();
        StringBuilder nav = new StringBuilder("<nav><ol>\n");
        for (Html.Heading section : body.sections()) {
            nav.append("<li><a href=\"#").append(Html.escape(section.id())).append("\">").append(Html.escape(section.title())).append("</a></li>\n");
        }
        nav.append("</ol></nav>\n");
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Html.escape(title) + "</title>\n<style>\n"
                + STYLE + "</style>\n</head>\n<body>\n<header><h1>" + Html.escape(title) + "</h1>\n<p>" + Html.escape(subtitle)
                + "</p></header>\n" + nav + "<main>\n" + sections + "</main>\n</body>\n</html>\n";
    }
}
