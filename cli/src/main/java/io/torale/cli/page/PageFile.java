package io.torale.cli.page;

import io.torale.cli.LocalFiles;
import java.nio.file.Path;

/** The served page's content lives in one file, so another shell can change it. */
final class PageFile {
  private PageFile() {}

  static Path path() {
    return LocalFiles.home().resolve("page.html");
  }
}
