package io.herald.application;

/**
 * CDI event: {@link TemplateService} stored a new version of a template. Observed after the
 * transaction commits, so whoever reads the store then sees the new version.
 */
public record TemplatePublished(String code, String language, int version) {
}
