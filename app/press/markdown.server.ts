/**
 * Markdown for press releases: rendered to HTML with `marked`, which does not sanitise.
 * So here: raw HTML in the Markdown (block or inline) is shown as text, never as markup;
 * links work only for http(s), mailto, tel, relative and #fragment addresses (anything
 * else, like javascript:, prints its text without a link); images print their alt text
 * (the page's content policy would block outside images anyway). The result is safe to
 * put in a page with dangerouslySetInnerHTML. See docs/decisions/0015-press-release.md.
 */
import { Marked, type Tokens } from "marked";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Addresses a link may point at. */
export function isSafeHref(href: string): boolean {
  const h = href.trim();
  if (/^(https?:|mailto:|tel:)/i.test(h)) return true;
  // relative or fragment: no scheme at all (a colon before any / ? or # means a scheme)
  return !/^[^/?#]*:/.test(h) && !/^\/\//.test(h) && !/^[\s\u0000-\u001f]/.test(href);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      const text = escapeHtml(token.text);
      return "block" in token && token.block ? `<p>${text}</p>\n` : text;
    },
    link(token: Tokens.Link) {
      const inner = this.parser.parseInline(token.tokens);
      if (!isSafeHref(token.href)) return inner;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<a href="${escapeHtml(token.href.trim())}"${title}>${inner}</a>`;
    },
    image(token: Tokens.Image) {
      return escapeHtml(token.text);
    },
  },
});

/** Markdown to safe HTML. */
export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false }) as string;
}

/** Text typed by someone, made literal inside Markdown (no accidental emphasis, links or HTML). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/([\\`*_[\]<>|~#])/g, "\\$1")
    .replace(/^(\s*)([-+])(\s)/gm, "$1\\$2$3")
    .replace(/^(\s*)(\d+)([.)])(\s)/gm, "$1$2\\$3$4");
}

/** The same lexer, for the Word document. */
export function lexMarkdown(markdown: string) {
  return marked.lexer(markdown);
}
