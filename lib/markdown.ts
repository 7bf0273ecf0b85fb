import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

export interface MarkdownOptions {
  /**
   * Returns the download URL of a file that the challenge definition lists
   * as public, or undefined for any other name. Relative links and image
   * sources are resolved through it, and without it they are dropped.
   */
  resolvePublicFile?: (name: string) => string | undefined;
}

const marked = new Marked({ gfm: true, breaks: false, async: false });

const allowedTags = [
  ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== "img"),
  "img",
  "del",
  "sup",
  "sub",
];

/** Matches a URL that starts with a scheme, e.g. `https:` or `mailto:`. */
const schemePattern = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Turns a relative link into the name of a bundle file, e.g.
 * `./files/train.csv` into `train.csv`, or undefined when the link is an
 * in-page anchor or climbs out of the bundle.
 */
function bundleFileName(href: string): string | undefined {
  if (href.startsWith("#") || href.startsWith("/")) return undefined;
  const withoutQuery = href.split(/[?#]/, 1)[0] ?? "";
  let name: string;
  try {
    name = decodeURIComponent(withoutQuery);
  } catch {
    return undefined;
  }
  name = name.replace(/^\.\//, "").replace(/^(files|public)\//, "");
  if (name === "" || name.includes("..") || name.includes("\\")) {
    return undefined;
  }
  return name;
}

function transformLink(
  attribs: sanitizeHtml.Attributes,
  options: MarkdownOptions,
): sanitizeHtml.Attributes {
  const href = (attribs.href ?? "").trim();
  const result: sanitizeHtml.Attributes = {};
  if (attribs.title) result.title = attribs.title;
  if (schemePattern.test(href) || href.startsWith("//")) {
    // The scheme check that follows the transform still removes
    // javascript:, data: and protocol-relative hrefs.
    result.href = href;
    result.rel = "noopener noreferrer nofollow";
    return result;
  }
  if (href.startsWith("#")) {
    result.href = href;
    return result;
  }
  const name = bundleFileName(href);
  const url = name ? options.resolvePublicFile?.(name) : undefined;
  if (url) result.href = url;
  return result;
}

function transformImage(
  attribs: sanitizeHtml.Attributes,
  options: MarkdownOptions,
): sanitizeHtml.Attributes {
  const src = (attribs.src ?? "").trim();
  const result: sanitizeHtml.Attributes = { alt: attribs.alt ?? "" };
  if (attribs.title) result.title = attribs.title;
  if (/^https:\/\//i.test(src)) {
    result.src = src;
  } else if (!schemePattern.test(src) && !src.startsWith("/")) {
    const name = bundleFileName(src);
    const url = name ? options.resolvePublicFile?.(name) : undefined;
    if (url) result.src = url;
  }
  result.loading = "lazy";
  return result;
}

/**
 * Renders challenge markdown to HTML that is safe to insert into a page.
 *
 * Raw HTML in the source is filtered to a fixed list of tags: scripts,
 * styles, iframes, forms and event-handler attributes are removed. Links
 * keep http, https and mailto URLs, in-page anchors and relative links to
 * public bundle files. Images keep https sources and public bundle files.
 * Every other link loses its href, and every other image is dropped.
 */
export function renderMarkdown(
  source: string,
  options: MarkdownOptions = {},
): string {
  const html = marked.parse(source, { async: false });
  return sanitizeHtml(html, {
    allowedTags,
    disallowedTagsMode: "discard",
    allowedAttributes: {
      a: ["href", "title", "rel"],
      img: ["src", "alt", "title", "loading"],
      code: ["class"],
      th: ["align"],
      td: ["align"],
      ol: ["start"],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: transformLink(attribs, options),
      }),
      img: (tagName, attribs) => ({
        tagName,
        attribs: transformImage(attribs, options),
      }),
    },
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  });
}
