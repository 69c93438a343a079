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

/**
 * The compiler's side, as plain JavaScript source: the same code runs in a worker thread
 * (eval'd there, so it needs no TypeScript loader and runs the same from the sources and
 * from the build) and in this thread (engineHere). It keeps one compiler (fonts loaded
 * once, about 100 ms) and one part at a time:
 *
 * - layout(job, offset): compile; the document stays, its page count is returned;
 * - finish(offset): if the page offset changed, compile again (only the page numbers
 *   depend on /offset.json, so Typst's memoised layout makes this about a tenth of the
 *   first), export PDF/UA-1, read back the query, then drop the document and the cache.
 */
const ENGINE_SOURCE = `
const fs = require("node:fs");
const path = require("node:path");
const os = require("node:os");
function createEngine(options) {
  const { NodeCompiler } = require(options.compilerPath);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-typst-"));
  const compiler = NodeCompiler.create({ workspace, fontArgs: [{ fontBlobs: options.fonts.map((f) => fs.readFileSync(f)) }] });
  const main = path.join(workspace, "main.typ");
  const describe = (d) => (d.message || JSON.stringify(d)) + (d.range ? " (" + path.basename(d.path || "") + ":" + (d.range.start.line + 1) + ":" + (d.range.start.character + 1) + ")" : "");
  const fail = (kind, diagnostics) => Object.assign(new Error(diagnostics.join("; ")), { typst: kind, diagnostics });
  let current = null;
  const release = () => {
    current = null;
    compiler.resetShadow();
    compiler.evictCache(0);
    // the document is a native object freed when its wrapper is collected
    if (globalThis.gc) globalThis.gc();
  };
  const setOffset = (offset) => compiler.mapShadow(path.join(workspace, "offset.json"), Buffer.from(JSON.stringify({ offset })));
  const compile = () => {
    const result = compiler.compile({ mainFilePath: main });
    const doc = result.result;
    if (!doc || result.hasError()) {
      const error = result.takeError() || result.takeDiagnostics();
      throw fail("compile", error ? compiler.fetchDiagnostics(error).map(describe) : ["unknown error"]);
    }
    return doc;
  };
  return {
    layout(job, offset) {
      release();
      for (const file of job.files) compiler.mapShadow(path.join(workspace, file.path), Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
      compiler.mapShadow(main, Buffer.from(job.template));
      setOffset(offset);
      try {
        current = { doc: compile(), offset, query: job.query };
      } catch (error) {
        release();
        throw error;
      }
      return { pages: current.doc.numOfPages };
    },
    // the workspace is empty on disk (files are mapped): removed when the engine is done
    dispose() {
      release();
      fs.rmSync(workspace, { recursive: true, force: true });
    },
    finish(offset) {
      if (!current) throw new Error("nothing laid out");
      try {
        if (offset !== current.offset) {
          setOffset(offset);
          current.doc = compile();
        }
        let pdf;
        try {
          pdf = compiler.pdf(current.doc, { pdfStandard: "ua-1" });
        } catch (error) {
          const text = String((error && error.message) || error);
          const messages = [...text.matchAll(/message: "((?:[^"\\\\]|\\\\.)*)"/g)].map((m) => m[1].replace(/\\\\(.)/g, "$1"));
          throw fail("export", messages.length ? messages : [text]);
        }
        const queried = current.query ? compiler.query(current.doc, { selector: current.query, field: "value" }) : [];
        return { pdf, pages: current.doc.numOfPages, queried };
      } finally {
        release();
      }
    },
  };
}
`;

/** What a session does: one part at a time, laid out, then finished with its page offset. */
export interface TypstSession {
  /** lays out the part (its page numbers starting after `offset` pages) and says how many pages it has */
  layout(job: TypstJob, offset: number): Promise<{ pages: number }>;
  /** the part with its final page offset, exported as PDF/UA-1 */
  finish(offset: number): Promise<TypstResult>;
  close(): Promise<void>;
}

type Engine = { layout(job: TypstJob, offset: number): { pages: number }; finish(offset: number): TypstResult; dispose(): void };

function engineOptions() {
  return { compilerPath: require.resolve("@myriaddreamin/typst-ts-node-compiler"), fonts: fontFiles() };
}

function typstError(error: unknown): Error {
  const e = error as { typst?: "compile" | "export"; diagnostics?: string[]; message?: string };
  if (e && e.typst && e.diagnostics)
    return new TypstError(`Typst could not ${e.typst === "compile" ? "lay out the document" : "export PDF/UA-1"}: ${e.diagnostics.join("; ")}`, e.diagnostics);
  return error instanceof Error ? error : new Error(String(error));
}

/** A new engine in this thread: synchronous native code, for a process of its own (the booklet's) or tests. */
function newEngine(): Engine {
  // our own fixed source, shared with the worker thread
  const create = new Function("require", `${ENGINE_SOURCE}; return createEngine;`) as (r: NodeJS.Require) => (o: ReturnType<typeof engineOptions>) => Engine;
  return create(require)(engineOptions());
}

/** A session in this thread, with an engine of its own (each holds one part at a time). */
export function localSession(engine: Engine = newEngine(), owned = true): TypstSession {
  const run = <T>(fn: () => T) => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(typstError(error));
    }
  };
  return {
    layout: (job, offset) => run(() => engine.layout(job, offset)),
    finish: (offset) => run(() => engine.finish(offset)),
    close: async () => {
      if (owned) engine.dispose();
    },
  };
}

let shared: Engine | null = null;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
${ENGINE_SOURCE}
const engine = createEngine(workerData);
parentPort.on("message", ({ id, type, job, offset }) => {
  try {
    const answer = type === "layout" ? engine.layout(job, offset) : type === "finish" ? engine.finish(offset) : engine.dispose();
    parentPort.postMessage({ id, ok: true, answer });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: { message: String((error && error.stack) || error), typst: error && error.typst, diagnostics: error && error.diagnostics } });
  }
});
`;

/** A session in a worker thread of its own: this thread's event loop stays free while it lays out. */
export function workerSession(): TypstSession {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: engineOptions() });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on(
    "message",
    ({ id, ok, answer, error }: { id: number; ok: boolean; answer: never; error: { message: string; typst?: string; diagnostics?: string[] } }) => {
      const w = waiting.get(id);
      waiting.delete(id);
      if (!w) return;
      if (ok) w.resolve(answer);
      else w.reject(typstError(error.typst ? error : new Error(error.message)));
    },
  );
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`The PDF worker stopped (exit code ${code})`)));
  const call = <T>(message: object) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: never) => void, reject });
      worker.postMessage({ id, ...message });
    });
  return {
    layout: (job, offset) => call({ type: "layout", job, offset }),
    async finish(offset) {
      const made = await call<TypstResult & { pdf: Uint8Array }>({ type: "finish", offset });
      return { ...made, pdf: Buffer.from(made.pdf.buffer, made.pdf.byteOffset, made.pdf.byteLength) };
    },
    close: async () => {
      await call({ type: "dispose" }).catch(() => {});
      await worker.terminate();
    },
  };
}

/** One document, laid out and exported in this thread (tests, scripts). */
export async function compileTypst(job: TypstJob): Promise<TypstResult> {
  shared ??= newEngine();
  const session = localSession(shared, false);
  await session.layout(job, 0);
  return session.finish(0);
}

/** One document in a short-lived worker thread (the certificates, from the server's process). */
export async function compileTypstInWorker(job: TypstJob): Promise<TypstResult> {
  const session = workerSession();
  try {
    await session.layout(job, 0);
    return await session.finish(0);
  } finally {
    await session.close();
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

/**
 * Compiles, and if PDF/UA export refuses characters no font has, replaces them with
 * MISSING_GLYPH in the data and compiles again (at most twice more). `makeJob` builds the
 * job from a function that cleans each text.
 */
export async function compileWithFallback(
  makeJob: (clean: (s: string) => string) => TypstJob,
  run: (job: TypstJob) => Promise<TypstResult> = compileTypst,
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
