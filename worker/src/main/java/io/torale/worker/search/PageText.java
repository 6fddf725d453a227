package io.torale.worker.search;

import java.util.List;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * The text of HTML elements with one line per block ({@code p}, {@code div}, {@code li}, headings,
 * table rows, …) and per {@code <br>}, whitespace inside a line collapsed. jsoup's {@code text()}
 * puts a whole page on one line, but a page match watches "the matched text and its line", so the
 * lines must be the page's own; jsoup offers no such rendering, hence this small visitor.
 */
final class PageText {

  private PageText() {}

  static String of(List<Element> elements) {
    StringBuilder out = new StringBuilder();
    for (Element element : elements) {
      element.traverse(
          new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
              if (node instanceof TextNode text) {
                out.append(text.text());
              } else if (node instanceof Element e
                  && (e.isBlock() || "br".equals(e.normalName()))) {
                out.append('\n');
              }
            }

            @Override
            public void tail(Node node, int depth) {
              if (node instanceof Element e && e.isBlock()) {
                out.append('\n');
              }
            }
          });
      out.append('\n');
    }
    return out.toString()
        .lines()
        .map(line -> line.replaceAll("\\s+", " ").strip())
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
