package io.torale.worker.search;

/** A page that backs a finding: a grounding chunk, or the monitored page itself. */
public record SourceRef(String title, String url) {}
