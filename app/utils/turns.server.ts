/**
 * Turns for the judges' saves (app/routes/judge.$assignmentId.tsx), first come first
 * served, once the form is read: at most
 * TURNS_AT_ONCE at once, and new turns are given for TURN_SLICE_MS of each turn of the event
 * loop, the rest on the next. Why: a save costs a few milliseconds of CPU and (its queries
 * answered synchronously by better-sqlite3, its small body in the same packet) never has to
 * wait for anything, so it ran to its end inside the callback that read it. With a hundred
 * judges autosaving, one turn of the loop then served every save that had arrived (half a second of work) before the server looked at
 * its sockets again: a couple of new connections accepted a second, and a judge who
 * connected late waited tens of seconds for a first save while the others saved again and
 * again (tests/integration/concurrency.test.ts). Taking turns keeps each turn of the loop
 * short and the order fair: the rule of the one-connection gate
 * (app/db/one-connection.server.ts), which only applies while queries queue for it. The
 * scoring page's loader does not take turns: its page is rendered after it anyway, and
 * turns cost it a third of its throughput.
 */
const TURNS_AT_ONCE = 4;
const TURN_SLICE_MS = 10;
let turnsTaken = 0;
const waitingForTurn: (() => void)[] = [];
let nextTurnScheduled = false;
let sliceStart = -1;

/** ms since this turn of the event loop started giving turns (a new slice after setImmediate). */
function elapsedInSlice() {
  const now = performance.now();
  if (sliceStart < 0) {
    sliceStart = now;
    setImmediate(() => (sliceStart = -1));
  }
  return now - sliceStart;
}

/** Gives the next in line its turn: now if this slice has time left, else on the next turn of the loop. */
function giveNextTurn() {
  if (waitingForTurn.length === 0 || turnsTaken >= TURNS_AT_ONCE) return;
  if (elapsedInSlice() < TURN_SLICE_MS) {
    turnsTaken++;
    waitingForTurn.shift()!();
  } else if (!nextTurnScheduled) {
    nextTurnScheduled = true;
    setImmediate(() => {
      nextTurnScheduled = false;
      giveNextTurn();
    });
  }
}

export async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (waitingForTurn.length === 0 && turnsTaken < TURNS_AT_ONCE && elapsedInSlice() < TURN_SLICE_MS) turnsTaken++;
  else
    await new Promise<void>((resolve) => {
      waitingForTurn.push(resolve);
      giveNextTurn();
    });
  try {
    return await work();
  } finally {
    turnsTaken--;
    giveNextTurn();
  }
}
