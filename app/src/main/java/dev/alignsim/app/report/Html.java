package dev.alignsim.app.report;

import java.util.ArrayList;
import java.util.List;

/** Writes the report's HTML: sections, paragraphs, tables and figures, every text escaped. */
final class Html {
    private final StringBuilder out = new StringBuilder(1 << 16);
    private final List<Heading> sections = new ArrayList<>();

    /** A section's id and title, for the table of contents. */
    record Heading(String id, String title) {}

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    Html openSection(String id, String title) {
        sections.add(new Heading(id, title));
        out.append("<section id=\"").append(escape(id)).append("\">\n<h2>").append(escape(title)).append("</h2>\n");
        return this;
    }

    Html closeSection() {
        out.append("</section>\n");
        return this;
    }

    Html heading(String text) {
        out.append("<h3>").append(escape(text)).append("</h3>\n");
        return this;
    }

    Html paragraph(String text) {
        out.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A remark on what is shown or why something is not (missing data, a fit that could not be made). */
    Html note(String text) {
        out.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    Html list(List<String> items) {
        out.append("<ul>\n");
        for (String item : items) {
            out.append("<li>").append(escape(item)).append("</li>\n");
        }
        out.append("</ul>\n");
        return this;
    }

    Html figure(Figure figure) {
        out.append("<figure id=\"").append(escape(figure.id())).append("\">\n").append(figure.svg())
                .append("\n<figcaption><b>").append(escape(figure.title()))
                .append(".</b> ").append(escape(figure.caption())).append("</figcaption>\n</figure>\n");
        return this;
    }

    Html table(Table table) {
        out.append("<table id=\"").append(escape(table.id())).append("\">\n<thead><tr>");
        for (String column : table.header()) {
            out.append("<th>").append(escape(column)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (List<Table.Cell> row : table.rows()) {
            out.append("<tr>");
            for (Table.Cell cell : row) {
                if (cell.numeric()) {
                    out.append("<td class=\"num\" data-value=\"").append(cell.value()).append("\">");
                } else {
                    out.append("<td>");
                }
                out.append(escape(cell.text())).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        return this;
    }

    /** A block shown folded until clicked (long lists such as every setting). */
    Html openDetails(String summary) {
        out.append("<details><summary>").append(escape(summary)).append("</summary>\n");
        return this;
    }

    Html closeDetails() {
        out.append("</details>\n");
        return this;
    }

    /** Appends another buffer's markup and sections after this one's. */
    Html append(Html other) {
        out.append(other.out);
        sections.addAll(other.sections);
        return this;
    }

    List<Heading> sections() {
        return List.copyOf(sections);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
