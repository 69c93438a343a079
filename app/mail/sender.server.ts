import type { Db } from "~/db/client.server";
import { resumeUnfinishedSends } from "./campaigns.server";
import { deliverDue } from "./outbox.server";

/**
 * The background sender: every few seconds (MAIL_SENDER_INTERVAL_MS), one round of
 * deliverDue: the messages sendEmail could not send while the person waited, tried again with
 * back-off until they go or are given up on (docs/decisions/0021). Each round also takes over
 * the recorded sends whose server stopped holding them (killed, with other servers on the
 * database: docs/decisions/0069). One round at a time; the timer does not keep the process alive.
 */
export const SENDER_INTERVAL_MS = Number(process.env.MAIL_SENDER_INTERVAL_MS) || 5000;

let timer: NodeJS.Timeout | undefined;
let running = false;

export function startBackgroundSender(db: Db) {
  if (timer) return;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      const taken = await resumeUnfinishedSends(db, { takeLive: false });
      if (taken.length > 0) console.log(`Taking over ${taken.length} email send(s) another server left unfinished.`);
      await deliverDue(db);
    } catch (error) {
      console.error("The background email sender failed (it tries again shortly):", error);
    } finally {
      running = false;
    }
  };
  timer = setInterval(() => void round(), SENDER_INTERVAL_MS);
  timer.unref();
  void round();
}
