package io.torale.cli.page;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./torale page set TEXT}: what the served page says from now on. */
@Command(name = "set", mixinStandardHelpOptions = true, description = "Set the served page's text.")
final class SetCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "Text of the page's <p id=\"status\"> element.")
  String text;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(PageFile.path().getParent());
    Files.writeString(PageFile.path(), html(text));
    System.out.println("page now says: " + text);
    return 0;
  }

  static String html(String text) {
    String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return "<!doctype html><html><head><title>Torale test page</title></head><body>"
        + "<h1>Torale test page</h1><p id=\"status\">"
        + escaped
        + "</p></body></html>\n";
  }
}
