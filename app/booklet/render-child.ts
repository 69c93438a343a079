/**
 * Makes one booklet in a process of its own, so the server keeps answering while Typst
 * lays out pages (synchronous native code) and the memory a large booklet needs is given
 * back when it is done. Started by renderBookletInChild (booklet.server.ts) with
 * `node --expose-gc --import tsx`; receives the BookletInputs and the folder to write in as
 * its one message, reports progress, and answers with the PDF's file name. It imports the
 * renderer only (no database), so it starts quickly.
 */
import fs from "node:fs";
import type { BookletInputs, BookletProgress } from "./booklet-view";
import { renderBooklet, type GeneratedBooklet } from "./render.server";

export type ChildMessage = { type: "progress"; progress: BookletProgress } | { type: "done"; made: GeneratedBooklet } | { type: "failed"; message: string };

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

let folder: string | null = null;

// The server has gone (stopped, or killed): there is nobody to give the booklet to, and
// nobody left to remove the folder it gave us (photos' copies, a half-written PDF).
process.on("disconnect", () => {
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
  process.exit(0);
});

process.once("message", async ({ inputs, workDir }: { inputs: BookletInputs; workDir: string }) => {
  folder = workDir;
  try {
    const made = await renderBooklet(inputs, { workDir, onProgress: (progress) => void send({ type: "progress", progress }) });
    await send({ type: "done", made });
    process.exit(0);
  } catch (error) {
    await send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
});
