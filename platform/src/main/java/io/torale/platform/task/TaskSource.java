package io.torale.platform.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Where a run's finding comes from. In JSON (admin views, the task API) the kind is the {@code
 * type} property, named as {@link SourceType}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TaskSource.GroundedSearch.class, name = "GROUNDED_SEARCH"),
  @JsonSubTypes.Type(value = TaskSource.WebPage.class, name = "WEB_PAGE")
})
public sealed interface TaskSource {

  /** The kind, as stored and as named on the wire. */
  SourceType type();

  /** Gemini, grounded in Google Search, answers the task's search query. */
  record GroundedSearch() implements TaskSource {

    @Override
    public SourceType type() {
      return SourceType.GROUNDED_SEARCH;
    }
  }

  /**
   * A page read over HTTP(S), narrowed to a CSS selector's elements when there is one, then judged
   * by a deterministic {@link TextMatch} or, without one, by Gemini against the task's condition.
   *
   * @param cssSelector null or blank: the whole body
   * @param match null: Gemini judges the condition
   */
  record WebPage(String url, String cssSelector, TextMatch match) implements TaskSource {

    @Override
    public SourceType type() {
      return SourceType.WEB_PAGE;
    }

    /** Whether the page is judged without a model. */
    public boolean deterministic() {
      return match != null;
    }
  }
}
