/**
 * Reading PDFs as a reader would, with Debian's poppler-utils (pdfinfo, pdftotext,
 * pdffonts, pdfimages): used by the booklet and certificate tests.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function writeTemp(name: string, bytes: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-pdf-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

function tool(name: string, args: string[]): string {
  return execFileSync(name, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

export function pdfInfo(file: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of tool("pdfinfo", [file]).split("\n")) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) info[m[1].trim()] = m[2].trim();
  }
  return info;
}

export function pageCount(file: string): number {
  return Number(pdfInfo(file).Pages);
}

/** The text of the whole file, or of pages first..last, in content order (-raw). */
export function pdfText(file: string, pages?: { first: number; last?: number }): string {
  const range = pages ? ["-f", String(pages.first), "-l", String(pages.last ?? pages.first)] : [];
  return tool("pdftotext", ["-raw", "-enc", "UTF-8", ...range, file, "-"]);
}

/** The text in poppler's reading order (not -raw): right-to-left runs come out in logical order. */
export function pdfReadingText(file: string): string {
  return tool("pdftotext", ["-enc", "UTF-8", file, "-"]);
}

/** Whitespace collapsed, so text wrapped over lines still matches. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export type PdfFont = { name: string; type: string; embedded: boolean };

export function pdfFonts(file: string): PdfFont[] {
  const lines = tool("pdffonts", [file])
    .split("\n")
    .slice(2)
    .filter((l) => l.trim());
  return lines.map((line) => {
    // name type... encoding emb sub uni object ID: read the yes/no columns from the right
    const parts = line.trim().split(/\s+/);
    const n = parts.length;
    return { name: parts[0], type: parts.slice(1, n - 6).join(" "), embedded: parts[n - 5] === "yes" };
  });
}

export type PdfImage = { page: number; type: string; width: number; height: number };

export function pdfImages(file: string): PdfImage[] {
  const lines = tool("pdfimages", ["-list", file])
    .split("\n")
    .slice(2)
    .filter((l) => l.trim());
  return lines.map((line) => {
    const p = line.trim().split(/\s+/);
    return { page: Number(p[0]), type: p[2], width: Number(p[3]), height: Number(p[4]) };
  });
}
