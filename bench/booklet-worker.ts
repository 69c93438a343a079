/**
 * Makes one booklet (or one set of certificates) in a process of its own, so its peak
 * memory is its own:
 *
 *   node --expose-gc --import tsx bench/booklet-worker.ts <inputs.json> [--out FILE] [--certificates]
 *
 * <inputs.json> is a BookletInputs (app/booklet/booklet-view.ts: the booklet's text and its
 * photos as storage keys on local disk under DATA_DIR, bench/data/uploads) or, with
 * --certificates, a RunningOrder (app/ceremony/ceremony.server.ts).
 *
 * The booklet with renderBooklet from app/booklet/render.server.ts, as the booklet's own
 * process runs it (photos' print variants copied, layout in parts, joined into one file);
 * certificates as renderCertificates makes them (Typst in a worker thread).
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
import type { RunningOrder } from "~/ceremony/ceremony.server";

const args = process.argv.slice(2);
const inputsFile = args[0];
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outFile = flag("--out");
const certificates = args.includes("--certificates");
if (!inputsFile) throw new Error("Usage: booklet-worker.ts <inputs.json> [--out FILE] [--certificates]");
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
// CPU time of every thread of this process: what the render costs whatever else the machine is doing
const cpuStarted = process.cpuUsage();
const started = performance.now();
let pdf: Buffer;
let pages: number;
let passes = 1;
let timings: unknown = null;
let renderedPeak: number | null = null;
let renderedMs: number | null = null;
let bytes: number | null = null;
let renderedCpu: NodeJS.CpuUsage | null = null;
let studies: number;
let photos = 0;
if (certificates) {
  studies = inputs.categories.reduce((n, c) => n + c.items.length, 0);
  const { certificatesJob } = await import("~/ceremony/ceremony.server");
  const { compileTypstInWorker, compileWithFallback } = await import("~/pdf/typst.server");
  ({ pdf, pages } = await compileWithFallback((clean) => certificatesJob(inputs, clean), compileTypstInWorker));
} else {
  studies = inputs.view.categories.reduce((n, c) => n + c.studies.length, 0);
  photos = inputs.view.categories.reduce((n, c) => n + c.studies.filter((s) => s.photo).length, 0);
  // only the renderer, as the app's booklet process (render-child.ts) loads it: no database
  const { renderBooklet } = await import("~/booklet/render.server");
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-booklet-"));
  const made = await renderBooklet(inputs, { workDir });
  // The PDF is on disk, complete: the booklet's process is done. (The server then reads it
  // to store it; that memory is the server's, not measured here.)
  renderedPeak = peakMb();
  renderedMs = performance.now() - started;
  renderedCpu = process.cpuUsage(cpuStarted);
  if (outFile) fs.copyFileSync(made.file, outFile);
  pdf = Buffer.alloc(0);
  bytes = made.bytes;
  ({ pages, passes, timings } = made);
  fs.rmSync(workDir, { recursive: true, force: true });
}
const ms = renderedMs ?? performance.now() - started;
const peak = renderedPeak ?? peakMb();
const cpu = renderedCpu ?? process.cpuUsage(cpuStarted);
const cpuMs = (cpu.user + cpu.system) / 1000;
if (outFile && pdf.length) fs.writeFileSync(outFile, pdf);
process.stdout.write(
  `${JSON.stringify({ ms, cpu_ms: cpuMs, pages, passes, timings, bytes: bytes ?? pdf.length, peak_mb: peak, baseline_mb: baselineMb, studies, photos })}\n`,
);
process.exit(0);
