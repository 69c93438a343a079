/**
 * Reading a tagged PDF's structure back, as assistive technology would: the structure tree
 * with each element's text (poppler's `pdfinfo -struct-text`) and the attributes poppler
 * does not print (alt text, language, the PDF/UA mark), read with pdf-lib.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFObject } from "pdf-lib";

export type StructNode = { type: string; text: string; children: StructNode[] };

/** The structure tree as `pdfinfo -struct-text` prints it: each element with the text of everything under it. */
export function structureTree(file: string): StructNode {
  const out = execFileSync("pdfinfo", ["-struct-text", file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] });
  const root: StructNode = { type: "Root", text: "", children: [] };
  const stack: { depth: number; node: StructNode }[] = [{ depth: -1, node: root }];
  for (const line of out.split("\n")) {
    if (!line.trim()) continue;
    const depth = line.length - line.trimStart().length;
    const body = line.trim();
    while (stack.length > 1 && stack[stack.length - 1].depth >= depth) stack.pop();
    const parent = stack[stack.length - 1].node;
    if (body.startsWith('"')) {
      const text = body.slice(1, body.lastIndexOf('"'));
      for (const s of stack) s.node.text += text;
      continue;
    }
    if (body.startsWith("/")) continue; // an attribute line
    const m = /^(\w+)/.exec(body);
    if (!m) continue;
    const node: StructNode = { type: m[1], text: "", children: [] };
    parent.children.push(node);
    stack.push({ depth, node });
  }
  return root;
}

/** Every element, depth first (reading order). */
export function flatten(node: StructNode): StructNode[] {
  return [node, ...node.children.flatMap(flatten)];
}

/** Headings in reading order: level and text (whitespace collapsed). */
export function headings(tree: StructNode): { level: number; text: string }[] {
  return flatten(tree)
    .filter((n) => /^H[1-6]$/.test(n.type))
    .map((n) => ({ level: Number(n.type.slice(1)), text: n.text.replace(/\s+/g, " ").trim() }));
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

export type TaggedFacts = {
  lang: string | undefined;
  marked: boolean;
  displayDocTitle: boolean;
  /** pdfuaid:part in the XMP metadata */
  pdfUaPart: string | undefined;
  title: string | undefined;
  /** the alt text of every Figure element, in tree order */
  figureAlts: (string | undefined)[];
  /** every outline (bookmark) title, depth first */
  outline: string[];
};

export async function taggedFacts(file: string): Promise<TaggedFacts> {
  const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
  const catalog = doc.catalog;
  const markInfo = catalog.lookup(PDFName.of("MarkInfo"));
  const prefs = catalog.lookup(PDFName.of("ViewerPreferences"));
  const metadata = catalog.lookup(PDFName.of("Metadata"));
  const xmp = metadata instanceof PDFRawStream ? Buffer.from(metadata.contents).toString("utf8") : "";
  const figureAlts: (string | undefined)[] = [];
  const seen = new Set<PDFObject>();
  const walk = (value: PDFObject | undefined) => {
    const object = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (!object || seen.has(object)) return;
    seen.add(object);
    if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i++) walk(object.get(i));
      return;
    }
    if (!(object instanceof PDFDict)) return;
    const type = object.lookup(PDFName.of("S"));
    if (type === PDFName.of("Figure")) figureAlts.push(textOf(object.lookup(PDFName.of("Alt"))));
    walk(object.get(PDFName.of("K")));
  };
  const structRoot = catalog.lookup(PDFName.of("StructTreeRoot"));
  if (structRoot instanceof PDFDict) walk(structRoot.get(PDFName.of("K")));
  const outline: string[] = [];
  const visit = (item: PDFDict | undefined) => {
    for (let node = item; node;) {
      const title = textOf(node.lookup(PDFName.of("Title")));
      if (title !== undefined) outline.push(title);
      const first = node.lookup(PDFName.of("First"));
      if (first instanceof PDFDict) visit(first);
      const next = node.lookup(PDFName.of("Next"));
      node = next instanceof PDFDict ? next : undefined;
    }
  };
  const outlines = catalog.lookup(PDFName.of("Outlines"));
  if (outlines instanceof PDFDict) {
    const first = outlines.lookup(PDFName.of("First"));
    if (first instanceof PDFDict) visit(first);
  }
  return {
    lang: textOf(catalog.lookup(PDFName.of("Lang"))),
    marked: markInfo instanceof PDFDict && String(markInfo.lookup(PDFName.of("Marked"))) === "true",
    displayDocTitle: prefs instanceof PDFDict && String(prefs.lookup(PDFName.of("DisplayDocTitle"))) === "true",
    pdfUaPart: /<pdfuaid:part>(\d+)<\/pdfuaid:part>/.exec(xmp)?.[1],
    title: doc.getTitle(),
    figureAlts,
    outline,
  };
}
