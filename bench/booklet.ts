/**
 * The booklet and certificate figures, each run rendered in a child process
 * (bench/booklet-worker.ts) so the peak memory measured is that render's own.
 *
 * - 16: the coventry-2010 booklet's real inputs (currentBookletInputs: its 14 awards, each
 *   with the consented photo bench/setup.ts attached) plus 2 synthetic case studies, to
 *   make 16.
 * - 100, 250, 500: synthetic case studies (bench/synthetic.ts): 150-400-word stories, 5-13
 *   partners, a different photo each (1560 x 1170 JPEG crops of a few generated photos,
 *   about 430 KB each, each its own stored file: identical bytes would be embedded once
 *   and shared).
 * - certificates: one per award of the 500-case-study cycle.
 *
 * Every photo has its print variant, made as an upload makes it (printVariant), before
 * any timing. Pages are the renderer's own count, checked against `pdfinfo` (poppler) on
 * the first run when pdfinfo is installed.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { currentBookletInputs } from "~/booklet/booklet.server";
import type { BookletInputs } from "~/booklet/booklet-view";
import type { RunningOrder } from "~/ceremony/ceremony.server";
import { prisma } from "~/db/client.server";
import { ensurePrintVariants } from "~/nominations/attachments.server";
import { printVariant } from "~/nominations/file-checks.server";
import { DATA, ROOT } from "./env";
import type { BenchData } from "./setup";
import { newStorageKey, storage } from "~/storage/storage.server";
import { photoVariants } from "./photos";
import { syntheticBooklet, syntheticStudy } from "./synthetic";
import { median } from "./aggregation";

export type BookletRun = {
  ms: number;
  /** CPU time of all the render's threads: its cost whatever else the machine is doing */
  cpu_ms: number;
  pages: number;
  passes: number;
  bytes: number;
  peak_mb: number;
  baseline_mb: number;
  studies: number;
  photos: number;
  timings?: unknown;
};
export const BOOKLET_SIZES = ["16", "100", "250", "500"] as const;
export type BookletSize = (typeof BOOKLET_SIZES)[number];
export type BookletFiles = Record<BookletSize, string> & { certificates: string };
export type BookletFigure = {
  ms: number | null;
  cpu_ms: number | null;
  pages: number | null;
  peak_mb: number | null;
  /** renders attempted (a failed one included) */
  runs: number;
  bytes: number | null;
  studies: number | null;
  photos: number | null;
  runs_ms: number[];
  pdfinfo_pages: number | null;
  /** set when a render crashed or ran out of time */
  failure?: { kind: "timeout" | "crash"; message: string; after_ms: number };
};

/**
 * `count` different photos (crops of the base photos), stored on local disk, each with its
 * print variant made as an upload makes it: their storage keys and print keys.
 */
async function storedVariants(data: BenchData, count: number, first: number): Promise<{ key: string; printKey: string }[]> {
  const variants = await photoVariants(data.photos.bytes, count, first);
  const out: { key: string; printKey: string }[] = [];
  for (const bytes of variants) {
    const { key } = await storage("local").put(newStorageKey(), bytes, "image/jpeg");
    const print = await printVariant(bytes);
    out.push({ key, printKey: `local:${(await storage("local").put(newStorageKey(), print.bytes, "image/jpeg")).key}` });
  }
  return out;
}

function withPrintKeys(inputs: BookletInputs, photos: { key: string; printKey: string }[]): BookletInputs {
  const byKey = new Map(photos.map((p) => [p.key, p.printKey]));
  for (const c of inputs.view.categories)
    for (const st of c.studies) if (st.photo && byKey.has(st.photo.storageKey)) st.photo.printKey = byKey.get(st.photo.storageKey);
  return inputs;
}

/** The certificates of a booklet's awards: a running order as loadRunningOrder makes it. */
function runningOrderOf(inputs: BookletInputs): RunningOrder {
  let number = 0;
  const categories = inputs.view.categories.map((c) => ({
    name: c.name,
    items: c.studies.map((st) => ({
      number: ++number,
      decisionId: `decision-${st.id}`,
      nominationId: st.id,
      title: st.title,
      summary: st.summary,
      tier: st.tier,
      citation: st.citation,
      partners: st.partners.map((p) => ({ name: p.name, side: p.side, sectorLabel: p.sectorLabel })),
    })),
  }));
  const { cycle } = inputs.view;
  return {
    cycle: {
      id: "bench",
      slug: "bench",
      name: cycle.name,
      area: cycle.area,
      ceremony: cycle.ceremony,
      signOff: `${cycle.contactName}, for the ${cycle.area} Compact`,
    },
    categories,
    total: number,
  };
}

export async function writeBookletInputs(data: BenchData): Promise<BookletFiles> {
  const { inputs } = await currentBookletInputs(prisma, data.coventry.id);
  const categories = inputs.view.categories;
  const coventryPhotos = categories.flatMap((c) => c.studies.flatMap((st) => (st.photo ? [st.photo] : [])));
  const printKeys = await ensurePrintVariants(
    prisma,
    coventryPhotos.map((p) => p.attachmentId),
  );
  for (const photo of coventryPhotos) photo.printKey = printKeys.get(photo.attachmentId) ?? null;
  const extra = 16 - categories.reduce((n, c) => n + c.studies.length, 0);
  const extraPhotos = await storedVariants(data, extra, 20_000);
  for (let i = 0; i < extra; i++) {
    const category = categories[i % categories.length];
    category.studies.push(syntheticStudy(9000 + i, category.name, [extraPhotos[i].key]));
  }
  withPrintKeys(inputs, extraPhotos);
  inputs.view.counts.awards = 16;
  const withPhotos = categories.reduce((n, c) => n + c.studies.filter((s) => s.photo?.printKey).length, 0);
  if (withPhotos !== 16) throw new Error(`The 16-study booklet has ${withPhotos} photos with print variants, not 16`);

  const file = (name: string) => path.join(DATA, `${name}.json`);
  const files: BookletFiles = {
    "16": file("booklet-16"),
    "100": file("booklet-100"),
    "250": file("booklet-250"),
    "500": file("booklet-500"),
    certificates: file("certificates-500"),
  };
  fs.writeFileSync(files["16"], JSON.stringify(inputs));
  const photos = await storedVariants(data, 500, 0);
  const keys = photos.map((p) => p.key);
  for (const size of ["100", "250", "500"] as const) fs.writeFileSync(files[size], JSON.stringify(withPrintKeys(syntheticBooklet(Number(size), keys), photos)));
  fs.writeFileSync(files.certificates, JSON.stringify(runningOrderOf(syntheticBooklet(500, keys))));
  return files;
}

type ChildOutcome = { ok: true; run: BookletRun } | { ok: false; why: "timeout" | "crash"; message: string; elapsedMs: number; peakMb: number | null };

/** The child's peak resident memory so far (VmHWM), MB; null where /proc is not there. */
function peakOf(pid: number | undefined): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function renderInChild(inputsFile: string, outFile: string | undefined, timeoutMs: number, what: { certificates: boolean }): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const args = [
      // as the app starts the booklet's own process (app/booklet/booklet.server.ts)
      "--expose-gc",
      "--import",
      "tsx",
      path.join(ROOT, "bench", "booklet-worker.ts"),
      inputsFile,
      ...(outFile ? ["--out", outFile] : []),
      ...(what.certificates ? ["--certificates"] : []),
    ];
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peakMb: number | null = null;
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
    // Watched from outside too, so a render that crashes or runs out of time still tells its peak.
    const watch = setInterval(() => {
      const now = peakOf(child.pid);
      if (now !== null) peakMb = Math.max(peakMb ?? 0, now);
    }, 250);
    const timer = setTimeout(() => {
      timedOut = true;
      const now = peakOf(child.pid);
      if (now !== null) peakMb = Math.max(peakMb ?? 0, now);
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      const elapsedMs = performance.now() - started;
      if (timedOut) return resolve({ ok: false, why: "timeout", message: `did not finish within ${Math.round(timeoutMs / 1000)} s`, elapsedMs, peakMb });
      const line = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0) {
        const error = /^(?:\w*Error|Error): .*$/m.exec(stderr)?.[0] ?? `exited with ${code ?? signal}`;
        return resolve({ ok: false, why: "crash", message: `${error}\n${stderr.slice(-3000)}`, elapsedMs, peakMb });
      }
      try {
        resolve({ ok: true, run: JSON.parse(line) as BookletRun });
      } catch {
        reject(new Error(`booklet-worker printed no result:\n${stdout.slice(-2000)}\n${stderr}`));
      }
    });
  });
}

function pdfinfoPages(file: string): number | null {
  try {
    const out = execFileSync("pdfinfo", [file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const m = /^Pages:\s+(\d+)/m.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export type BookletOptions = {
  runs: number;
  /** certificates from a RunningOrder instead of a booklet */
  certificates?: boolean;
  /** a run that takes longer is killed and the figure fails */
  timeoutMs: number;
  log: (line: string) => void;
  /** asked after each run (with the wall time it took, s): false stops early, to fit the time budget */
  another?: (done: number, lastRunS: number) => boolean;
};

/**
 * Runs the renders. A render that crashes or runs out of time ends the figure: `ms` and
 * `pages` are then null, `peak_mb` is the peak seen until then, and `failure` says what
 * happened (a crash is a failure of the run; a timeout is a missed target, reported as
 * "more than" the time it was given).
 */
export async function benchBooklet(inputsFile: string, options: BookletOptions): Promise<BookletFigure> {
  const { timeoutMs, log } = options;
  let runs = options.runs;
  const results: BookletRun[] = [];
  let pdfinfo: number | null = null;
  for (let i = 0; i < runs; i++) {
    const out = i === 0 ? inputsFile.replace(/\.json$/, ".pdf") : undefined;
    const started = performance.now();
    const outcome = await renderInChild(inputsFile, out, timeoutMs, { certificates: !!options.certificates });
    if (!outcome.ok) {
      log(
        `    run ${i + 1}/${runs}: ${outcome.why === "timeout" ? "stopped" : "CRASHED"} after ${Math.round(outcome.elapsedMs / 1000)} s (${outcome.message.split("\n")[0]}), peak ${outcome.peakMb === null ? "?" : Math.round(outcome.peakMb)} MB so far`,
      );
      const first = results[0];
      return {
        ms: null,
        cpu_ms: null,
        pages: null,
        peak_mb: outcome.peakMb,
        runs: results.length + 1,
        bytes: first?.bytes ?? null,
        studies: first?.studies ?? null,
        photos: first?.photos ?? null,
        runs_ms: results.map((r) => r.ms),
        pdfinfo_pages: pdfinfo,
        failure: { kind: outcome.why, message: outcome.message, after_ms: Math.round(outcome.elapsedMs) },
      };
    }
    const run = outcome.run;
    results.push(run);
    log(`    run ${i + 1}/${runs}: ${Math.round(run.ms)} ms (CPU ${Math.round(run.cpu_ms)} ms), ${run.pages} pages, ${Math.round(run.peak_mb)} MB peak`);
    if (out) {
      pdfinfo = pdfinfoPages(out);
      if (pdfinfo !== null && pdfinfo !== run.pages) throw new Error(`pdfinfo counts ${pdfinfo} pages in ${out}, the renderer said ${run.pages}`);
      fs.rmSync(out, { force: true });
    }
    if (i + 1 < runs && options.another && !options.another(i + 1, (performance.now() - started) / 1000)) runs = i + 1;
  }
  return {
    ms: median(results.map((r) => r.ms)),
    cpu_ms: median(results.map((r) => r.cpu_ms)),
    pages: results[0].pages,
    peak_mb: median(results.map((r) => r.peak_mb)),
    runs: results.length,
    bytes: results[0].bytes,
    studies: results[0].studies,
    photos: results[0].photos,
    runs_ms: results.map((r) => r.ms),
    pdfinfo_pages: pdfinfo,
  };
}
