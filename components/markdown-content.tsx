import { renderMarkdown, type MarkdownOptions } from "@/lib/markdown";

/** Bundle markdown, rendered and sanitized on the server. */
export function MarkdownContent({
  source,
  options,
}: {
  source: string;
  options?: MarkdownOptions;
}) {
  // renderMarkdown removes scripts, event handlers and unsafe URLs, so the
  // HTML can be inserted as is.
  const html = renderMarkdown(source, options);
  return (
    <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
