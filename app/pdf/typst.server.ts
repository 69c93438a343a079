/**
 * Every PDF we publish (booklet, certificates) is laid out by Typst (0.14, through
 * @myriaddreamin/typst-ts-node-compiler) and exported as PDF/UA-1: tagged, with a title,
 * a language, headings, alt text and artifacts. docs/decisions/0030-typst-pdf.md.
 *
 * User text never becomes Typst markup: a job is a fixed template plus files (one JSON of
 * data, and photos) mapped into the compiler's virtual file system, inside a workspace
 * folder of its own that is empty on disk, so a template can read nothing else.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * The fonts, all from npm and embedded (subset) in every PDF: Source Sans 3 for text
 * (Latin, Greek, Cyrillic, Vietnamese), Noto Sans Arabic (Arabic, Urdu, Persian), Noto
 * Sans Hebrew and Noto Emoji (monochrome outlines). The template lists them with `fallback: false`, so Typst
 * never picks a font of the machine it runs on and every machine prints the same.
 */
const FONT_FILES: { pkg: string; files: string[] }[] = [
  {
    pkg: "@expo-google-fonts/source-sans-3",
    files: [
      "400Regular/SourceSans3_400Regular.ttf",
      "400Regular_Italic/SourceSans3_400Regular_Italic.ttf",
      "600SemiBold/SourceSans3_600SemiBold.ttf",
      "600SemiBold_Italic/SourceSans3_600SemiBold_Italic.ttf",
      "700Bold/SourceSans3_700Bold.ttf",
      "700Bold_Italic/SourceSans3_700Bold_Italic.ttf",
    ],
  },
  { pkg: "@expo-google-fonts/noto-sans-arabic", files: ["400Regular/NotoSansArabic_400Regular.ttf", "700Bold/NotoSansArabic_700Bold.ttf"] },
  { pkg: "@embedpdf/fonts-hebrew", files: ["fonts/NotoSansHebrew-Regular.ttf", "fonts/NotoSansHebrew-Bold.ttf"] },
  { pkg: "@expo-google-fonts/noto-emoji", files: ["400Regular/NotoEmoji_400Regular.ttf"] },
];

/** The families in the order Typst tries them for each character. */
export const PDF_FONTS = ["Source Sans 3", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Emoji"];

/** Printed instead of a character none of the fonts has (see undisplayable below): a white square, the usual sign of a missing glyph (no font here has U+FFFD). */
export const MISSING_GLYPH = "\u25A1";

const require = createRequire(import.meta.url);

/** A package's folder, found the way Node finds packages (so it works from the build too). */
function packageDir(pkg: string): string {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    // a package whose "exports" hide package.json: up from its entry point
    let dir = path.dirname(require.resolve(pkg));
    while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
  }
}

export function fontFiles(): string[] {
  return FONT_FILES.flatMap(({ pkg, files }) => files.map((f) => path.join(packageDir(pkg), f)));
}

/** One compilation: the template (Typst source we wrote) and the files it may read. */
export type TypstJob = {
  template: string;
  /** path inside the workspace ("/booklet.json", "/photos/ab12.jpg") -> bytes */
  files: { path: string; bytes: Uint8Array }[];
  /** a selector to read back after layout (e.g. "<study-start>"): the values of its metadata */
  query?: string;
};

export type TypstResult = { pdf: Buffer; pages: number; queried: unknown[] };

export class TypstError extends Error {
  constructor(
    message: string,
    readonly diagnostics: string[],
  ) {
    super(message);
    this.name = "TypstError";
  }
}

type Compiler = import("@myriaddreamin/typst-ts-node-compiler").NodeCompiler;
let cached: { compiler: Compiler; workspace: string } | null = null;

/** One compiler per thread: loading the fonts costs about 100 ms; the workspace is a new empty folder. */
function compiler() {
  if (cached && !process.env.TYPST_FRESH) return cached;
  const { NodeCompiler } = require("@myriaddreamin/typst-ts-node-compiler") as typeof import("@myriaddreamin/typst-ts-node-compiler");
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-typst-"));
  const fontBlobs = fontFiles().map((f) => fs.readFileSync(f));
  cached = { compiler: NodeCompiler.create({ workspace, fontArgs: [{ fontBlobs }] }), workspace };
  return cached;
}

type Diagnostic = { message?: string; path?: string; range?: { start: { line: number; character: number } } | null };

/** "unknown variable: x (main.typ:12:4)" */
function describeDiagnostic(d: Diagnostic): string {
  const at = d.range ? ` (${path.basename(d.path ?? "")}:${d.range.start.line + 1}:${d.range.start.character + 1})` : "";
  return `${d.message ?? JSON.stringify(d)}${at}`;
}

function diagnosticsOf(error: unknown): string[] {
  const text = error instanceof Error ? error.message : String(error);
  const messages = [...text.matchAll(/message: "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
  return messages.length ? messages : [text];
}

/**
 * Compiles in this thread (synchronous native code: call it from a child process or a
 * worker thread, never from the server's event loop) and exports PDF/UA-1.
 */
export function compileTypst(job: TypstJob): TypstResult {
  const { compiler: c, workspace } = compiler();
  try {
    for (const file of job.files) c.mapShadow(path.join(workspace, file.path), Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    const main = path.join(workspace, "main.typ");
    c.mapShadow(main, Buffer.from(job.template));
    const result = c.compile({ mainFilePath: main });
    const doc = result.result;
    if (!doc || result.hasError()) {
      const error = result.takeError() ?? result.takeDiagnostics();
      const diagnostics = error ? c.fetchDiagnostics(error).map(describeDiagnostic) : ["unknown error"];
      throw new TypstError(`Typst could not lay out the document: ${diagnostics.join("; ")}`, diagnostics);
    }
    let pdf: Buffer;
    try {
      pdf = c.pdf(doc, { pdfStandard: "ua-1" });
    } catch (error) {
      const diagnostics = diagnosticsOf(error);
      throw new TypstError(`Typst could not export PDF/UA-1: ${diagnostics.join("; ")}`, diagnostics);
    }
    const queried = job.query ? (c.query(doc, { selector: job.query, field: "value" }) as unknown[]) : [];
    return { pdf, pages: doc.numOfPages, queried };
  } finally {
    c.resetShadow();
    // Memoised layout is of no use to the next, different document; keeping it only grows the heap.
    c.evictCache(0);
  }
}

/**
 * Texts that PDF/UA export refused because no font has them ("the text `"中"` could not be
 * displayed"): the caller replaces them with MISSING_GLYPH and compiles again.
 */
export function undisplayable(error: unknown): string[] {
  if (!(error instanceof TypstError)) return [];
  const found = new Set<string>();
  for (const d of error.diagnostics) {
    const m = /the text `"(.*)"` could not be displayed/.exec(d);
    if (m) found.add(JSON.parse(`"${m[1]}"`) as string);
  }
  return [...found];
}

// ---------------------------------------------------------------- worker thread

/**
 * The same compilation in a worker thread, for callers in the server process (the
 * certificates): the event loop keeps answering while Typst lays out pages. The worker is
 * plain JavaScript given as source, so it runs the same from the sources and from the
 * build; it loads the compiler by the path resolved here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const { NodeCompiler } = require(workerData.compilerPath);
const workspace = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "compact-awards-typst-"));
const compiler = NodeCompiler.create({ workspace, fontArgs: [{ fontBlobs: workerData.fonts.map((f) => fs.readFileSync(f)) }] });
parentPort.on("message", (job) => {
  try {
    for (const file of job.files) compiler.mapShadow(path.join(workspace, file.path), Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    const main = path.join(workspace, "main.typ");
    compiler.mapShadow(main, Buffer.from(job.template));
    const result = compiler.compile({ mainFilePath: main });
    const doc = result.result;
    if (!doc || result.hasError()) {
      const error = result.takeError() || result.takeDiagnostics();
      const diagnostics = error ? compiler.fetchDiagnostics(error).map((d) => (d.message || JSON.stringify(d)) + (d.range ? " (" + path.basename(d.path || "") + ":" + (d.range.start.line + 1) + ":" + (d.range.start.character + 1) + ")" : "")) : ["unknown error"];
      parentPort.postMessage({ ok: false, kind: "compile", diagnostics });
      return;
    }
    let pdf;
    try {
      pdf = compiler.pdf(doc, { pdfStandard: "ua-1" });
    } catch (error) {
      parentPort.postMessage({ ok: false, kind: "export", message: String(error && error.message || error) });
      return;
    }
    const pages = doc.numOfPages;
    const queried = job.query ? compiler.query(doc, { selector: job.query, field: "value" }) : [];
    parentPort.postMessage({ ok: true, pdf, pages, queried });
  } catch (error) {
    parentPort.postMessage({ ok: false, kind: "crash", message: String(error && error.stack || error) });
  } finally {
    compiler.resetShadow();
    compiler.evictCache(0);
  }
});
`;

type WorkerAnswer =
  | { ok: true; pdf: Uint8Array; pages: number; queried: unknown[] }
  | { ok: false; kind: "compile"; diagnostics: string[] }
  | { ok: false; kind: "export" | "crash"; message: string };

/** Compiles in a short-lived worker thread; its memory goes when it ends. */
export function compileTypstInWorker(job: TypstJob): Promise<TypstResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { compilerPath: require.resolve("@myriaddreamin/typst-ts-node-compiler"), fonts: fontFiles() },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.once("message", (answer: WorkerAnswer) => {
      if (answer.ok)
        settle(() =>
          resolve({ pdf: Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength), pages: answer.pages, queried: answer.queried }),
        );
      else if (answer.kind === "compile")
        settle(() => reject(new TypstError(`Typst could not lay out the document: ${answer.diagnostics.join("; ")}`, answer.diagnostics)));
      else if (answer.kind === "export") {
        const diagnostics = diagnosticsOf(new Error(answer.message));
        settle(() => reject(new TypstError(`Typst could not export PDF/UA-1: ${diagnostics.join("; ")}`, diagnostics)));
      } else settle(() => reject(new Error(`The PDF worker failed: ${answer.message}`)));
    });
    worker.once("error", (error) => settle(() => reject(error)));
    worker.once("exit", (code) => settle(() => reject(new Error(`The PDF worker stopped (exit code ${code})`))));
    worker.postMessage(job);
  });
}

/**
 * Compiles, and if PDF/UA export refuses characters no font has, replaces them with
 * MISSING_GLYPH in the data and compiles again (at most twice more). `makeJob` builds the
 * job from a function that cleans each text.
 */
export async function compileWithFallback(
  makeJob: (clean: (s: string) => string) => TypstJob,
  run: (job: TypstJob) => TypstResult | Promise<TypstResult> = compileTypst,
): Promise<TypstResult & { replaced: string[] }> {
  const replaced: string[] = [];
  const clean = (s: string) => {
    let out = s;
    for (const r of replaced) out = out.split(r).join(MISSING_GLYPH);
    return out;
  };
  for (let attempt = 0; ; attempt++) {
    try {
      return { ...(await run(makeJob(clean))), replaced };
    } catch (error) {
      const missing = undisplayable(error).filter((t) => !replaced.includes(t));
      if (!missing.length || attempt >= 2) throw error;
      replaced.push(...missing);
    }
  }
}
