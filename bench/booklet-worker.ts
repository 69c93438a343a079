/**
 * Makes one booklet (or one set of certificates) in a process of its own, so its peak
 * memory is its own:
 *
 *   node --expose-gc --import tsx bench/booklet-worker.ts <inputs.json> [--out FILE] [--engine typst|react-pdf] [--certificates]
 *
 * <inputs.json> is a BookletInputs (app/booklet/booklet-view.ts: the booklet's text and its
 * photos as storage keys on local disk under DATA_DIR, bench/data/uploads) or, with
 * --certificates, a RunningOrder (app/ceremony/ceremony.server.ts).
 *
 * - typst (the app): renderBooklet from app/booklet/render.server.ts, as the booklet's own
 *   process runs it: photos' print variants copied, layout in parts, joined into one file;
 *   certificates as renderCertificates makes them (Typst in a worker thread).
 * - react-pdf: the renderer before Typst (bench/legacy), for the comparison only.
 *
 * Prints one JSON line: ms (the render, not the process start), pages, passes, bytes,
 * peak_mb (VmHWM: the highest resident memory of this process, its worker threads and
 * start-up included) and baseline_mb (the same, before rendering).
 */
import "./env";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BookletInputs } from "~/booklet/booklet-view";
import { renderBooklet } from "~/booklet/render.server";
import { certificatesJob, type RunningOrder } from "~/ceremony/ceremony.server";
import { compileTypstInWorker, compileWithFallback } from "~/pdf/typst.server";

const args = process.argv.slice(2);
const inputsFile = args[0];
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outFile = flag("--out");
const engine = flag("--engine") ?? "typst";
const certificates = args.includes("--certificates");
if (!inputsFile) throw new Error("Usage: booklet-worker.ts <inputs.json> [--out FILE] [--engine typst|react-pdf] [--certificates]");
const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8")) as BookletInputs & RunningOrder;

/**
 * This process's own peak resident memory (VmHWM), worker threads included. Not
 * process.resourceUsage().maxRSS: on Linux that carries the parent's high-water mark over
 * fork and exec (a child of a 600 MB process reports 600 MB), which is what made the
 * figures before 0030 read about 400 MB high.
 */
function peakMb(): number {
  try {
    return Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024;
  } catch {
    return process.resourceUsage().maxRSS / 1024;
  }
}

const baselineMb = peakMb();
const started = performance.now();
let pdf: Buffer;
let pages: number;
let passes = 1;
let timings: unknown = null;
let studies: number;
let photos = 0;
if (certificates) {
  studies = inputs.categories.reduce((n, c) => n + c.items.length, 0);
  if (engine === "react-pdf") {
    const { renderCertificatesReactPdf } = await import("./legacy/render");
    pdf = await renderCertificatesReactPdf(inputs);
    pages = studies;
  } else ({ pdf, pages } = await compileWithFallback((clean) => certificatesJob(inputs, clean), compileTypstInWorker));
} else {
  studies = inputs.view.categories.reduce((n, c) => n + c.studies.length, 0);
  photos = inputs.view.categories.reduce((n, c) => n + c.studies.filter((s) => s.photo).length, 0);
  if (engine === "react-pdf") {
    const { renderBookletReactPdf } = await import("./legacy/render");
    ({ pdf, pages, passes } = await renderBookletReactPdf(inputs));
  } else {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-booklet-"));
    const made = await renderBooklet(inputs, { workDir });
    // the file is read back, as the server reads what the booklet's process wrote
    pdf = await fs.promises.readFile(made.file);
    ({ pages, passes, timings } = made);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
const ms = performance.now() - started;
const peak = peakMb();
if (outFile) fs.writeFileSync(outFile, pdf);
process.stdout.write(`${JSON.stringify({ ms, pages, passes, timings, bytes: pdf.length, peak_mb: peak, baseline_mb: baselineMb, studies, photos })}\n`);
process.exit(0);
