/**
 * Renders one booklet in a process of its own, so its peak memory is its own:
 *
 *   node --import tsx bench/booklet-worker.ts <inputs.json> [out.pdf]
 *
 * <inputs.json> is a BookletInputs (app/booklet/booklet.server.ts): the booklet's text and
 * its photos as storage keys on local disk under DATA_DIR (bench/data/uploads). The render
 * is the app's own renderBooklet: photos read and prepared for print with sharp, then the
 * two-pass react-pdf layout. Prints one JSON line: ms (the render, not the process start),
 * pages, passes, bytes, peak_mb (process.resourceUsage().maxRSS: the highest resident
 * memory of this process, start-up included) and baseline_mb (the same, before rendering).
 */
import "./env";
import fs from "node:fs";
import { renderBooklet, type BookletInputs } from "~/booklet/booklet.server";

const [inputsFile, outFile] = process.argv.slice(2);
if (!inputsFile) throw new Error("Usage: booklet-worker.ts <inputs.json> [out.pdf]");
const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8")) as BookletInputs;
const studies = inputs.view.categories.reduce((n, c) => n + c.studies.length, 0);
const photos = inputs.view.categories.reduce((n, c) => n + c.studies.filter((s) => s.photo).length, 0);

const baselineMb = process.resourceUsage().maxRSS / 1024;
const started = performance.now();
const made = await renderBooklet(inputs);
const ms = performance.now() - started;
const peakMb = process.resourceUsage().maxRSS / 1024;
if (outFile) fs.writeFileSync(outFile, made.pdf);
process.stdout.write(
  `${JSON.stringify({ ms, pages: made.pages, passes: made.passes, timings: made.timings, bytes: made.pdf.length, peak_mb: peakMb, baseline_mb: baselineMb, studies, photos })}\n`,
);
process.exit(0);
