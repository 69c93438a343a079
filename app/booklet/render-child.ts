/**
 * Makes one booklet in a process of its own, so the server keeps answering while react-pdf
 * lays out pages (its layout is synchronous: seconds for a small booklet, minutes for a
 * very large one) and the memory a large booklet needs is given back when it is done.
 * Started by renderBookletInChild (booklet.server.ts) with `node --import tsx`; receives the
 * BookletInputs as its one message, reports progress, and answers with the PDF.
 */
import { renderBooklet, type BookletInputs } from "./booklet.server";

export type ChildMessage =
  | { type: "progress"; progress: import("./booklet.server").BookletProgress }
  | { type: "done"; made: import("./booklet.server").GeneratedBooklet }
  | { type: "failed"; message: string };

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

// The server has gone (stopped, or killed): there is nobody to give the booklet to.
process.on("disconnect", () => process.exit(0));

process.once("message", async (inputs: BookletInputs) => {
  try {
    const made = await renderBooklet(inputs, { onProgress: (progress) => void send({ type: "progress", progress }) });
    await send({ type: "done", made });
    process.exit(0);
  } catch (error) {
    await send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
});
