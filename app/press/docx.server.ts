/**
 * A press release's Markdown as a Word document (.docx), made with the `docx` package:
 * headings, paragraphs, bold and italic, links, bulleted and numbered lists, quotes and
 * rules. Raw HTML in the Markdown is kept as plain text. Opens cleanly in Word and
 * LibreOffice (docs/decisions/0015-press-release.md).
 */
import { AlignmentType, BorderStyle, Document, ExternalHyperlink, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun, type ParagraphChild } from "docx";
import type { Token, Tokens } from "marked";
import { isSafeHref, lexMarkdown } from "./markdown.server";

type Inline = { bold?: boolean; italics?: boolean; code?: boolean; link?: boolean };

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

/** marked keeps HTML entities of the source (&amp;) in text tokens: turn the common ones back into characters. */
function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

function run(text: string, style: Inline): TextRun {
  return new TextRun({
    // a soft line break in Markdown is a space
    text: decodeEntities(text).replace(/\s*\n\s*/g, " "),
    bold: style.bold,
    italics: style.italics,
    font: style.code ? "Consolas" : undefined,
    style: style.link ? "Hyperlink" : undefined,
  });
}

function inlines(tokens: Token[] | undefined, style: Inline = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case "strong":
        out.push(...inlines((token as Tokens.Strong).tokens, { ...style, bold: true }));
        break;
      case "em":
        out.push(...inlines((token as Tokens.Em).tokens, { ...style, italics: true }));
        break;
      case "del":
        out.push(...inlines((token as Tokens.Del).tokens, style));
        break;
      case "codespan":
        out.push(run((token as Tokens.Codespan).text, { ...style, code: true }));
        break;
      case "br":
        out.push(new TextRun({ text: "", break: 1 }));
        break;
      case "link": {
        const link = token as Tokens.Link;
        if (isSafeHref(link.href) && /^(https?:|mailto:|tel:)/i.test(link.href.trim())) {
          const children = inlines(link.tokens, { ...style, link: true }).filter((c): c is TextRun => c instanceof TextRun);
          out.push(new ExternalHyperlink({ link: link.href.trim(), children: children.length ? children : [run(link.href, { ...style, link: true })] }));
        } else {
          out.push(...inlines(link.tokens, style));
        }
        break;
      }
      case "image":
        out.push(run((token as Tokens.Image).text, style));
        break;
      case "text": {
        const t = token as Tokens.Text;
        if (t.tokens?.length) out.push(...inlines(t.tokens, style));
        else out.push(run(t.text, style));
        break;
      }
      case "escape":
        out.push(run((token as Tokens.Escape).text, style));
        break;
      case "html":
      case "tag":
        out.push(run((token as Tokens.Tag).text, style));
        break;
      default:
        if ("text" in token && typeof token.text === "string") out.push(run(token.text, style));
    }
  }
  return out;
}

function blocks(tokens: Token[], context: { quote?: boolean } = {}): Paragraph[] {
  const out: Paragraph[] = [];
  const quoteOptions = context.quote ? { indent: { left: 567 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: "1D5A8C", space: 8 } } } : {};
  for (const token of tokens) {
    switch (token.type) {
      case "heading": {
        const h = token as Tokens.Heading;
        out.push(new Paragraph({ heading: HEADINGS[Math.min(h.depth, 6) - 1], children: inlines(h.tokens), keepNext: true }));
        break;
      }
      case "paragraph":
        out.push(
          new Paragraph({
            children: inlines((token as Tokens.Paragraph).tokens, context.quote ? { italics: true } : {}),
            spacing: { after: 160 },
            ...quoteOptions,
          }),
        );
        break;
      case "text": {
        const t = token as Tokens.Text;
        out.push(new Paragraph({ children: t.tokens?.length ? inlines(t.tokens) : [run(t.text, {})], spacing: { after: 160 }, ...quoteOptions }));
        break;
      }
      case "blockquote":
        out.push(...blocks((token as Tokens.Blockquote).tokens, { quote: true }));
        break;
      case "list":
        out.push(...list(token as Tokens.List, 0));
        break;
      case "code":
        for (const line of (token as Tokens.Code).text.split("\n")) out.push(new Paragraph({ children: [run(line, { code: true })] }));
        break;
      case "hr":
        out.push(
          new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "B1B4B6", space: 1 } }, spacing: { after: 160 } }),
        );
        break;
      case "html":
        out.push(new Paragraph({ children: [run((token as Tokens.HTML).text.trim(), {})], spacing: { after: 160 } }));
        break;
      case "table": {
        // Tables are rare in a press release: one paragraph per row, cells separated by " | ".
        const table = token as Tokens.Table;
        const rows = [table.header, ...table.rows];
        for (const row of rows) {
          const children: ParagraphChild[] = [];
          row.forEach((cell, i) => {
            if (i) children.push(run(" | ", {}));
            children.push(...inlines(cell.tokens));
          });
          out.push(new Paragraph({ children }));
        }
        break;
      }
      case "space":
        break;
      default:
        if ("text" in token && typeof token.text === "string" && token.text.trim()) out.push(new Paragraph({ children: [run(token.text, {})] }));
    }
  }
  return out;
}

function list(token: Tokens.List, level: number): Paragraph[] {
  const out: Paragraph[] = [];
  for (const item of token.items) {
    let first = true;
    for (const child of item.tokens) {
      if (child.type === "list") {
        out.push(...list(child as Tokens.List, Math.min(level + 1, 8)));
        continue;
      }
      if (child.type === "space") continue;
      const children =
        child.type === "text" || child.type === "paragraph"
          ? inlines((child as Tokens.Text).tokens ?? [], {}).length
            ? inlines((child as Tokens.Text).tokens ?? [], {})
            : [run((child as Tokens.Text).text, {})]
          : [run("text" in child && typeof child.text === "string" ? child.text : "", {})];
      if (first) {
        out.push(
          new Paragraph({
            children,
            ...(token.ordered ? { numbering: { reference: "numbered", level } } : { bullet: { level } }),
            spacing: { after: 80 },
          }),
        );
        first = false;
      } else {
        out.push(new Paragraph({ children, indent: { left: 720 * (level + 1) }, spacing: { after: 80 } }));
      }
    }
  }
  return out;
}

/** The Word document of a press release, as bytes. */
export async function markdownToDocx(markdown: string, meta: { title: string; creator?: string }): Promise<Buffer> {
  const doc = new Document({
    title: meta.title,
    creator: meta.creator ?? "Compact Awards",
    description: "Press release",
    styles: {
      default: {
        document: { run: { font: "Arial", size: 24 }, paragraph: { spacing: { line: 300 } } },
        heading1: { run: { font: "Arial", size: 36, bold: true, color: "123B5C" }, paragraph: { spacing: { before: 240, after: 160 } } },
        heading2: { run: { font: "Arial", size: 30, bold: true, color: "123B5C" }, paragraph: { spacing: { before: 240, after: 120 } } },
        heading3: { run: { font: "Arial", size: 26, bold: true, color: "123B5C" }, paragraph: { spacing: { before: 200, after: 100 } } },
      },
    },
    numbering: {
      config: [
        {
          reference: "numbered",
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ properties: {}, children: blocks(lexMarkdown(markdown)) }],
  });
  return Packer.toBuffer(doc);
}
