import type { Db } from "~/db/client.server";
import { deliverDue } from "./outbox.server";

/**
 * The background sender: every few seconds (MAIL_SENDER_INTERVAL_MS), one round of
 * deliverDue: the messages sendEmail could not send while the person waited, tried again with
 * back-off until they go or are given up on (docs/decisions/0021). One round at a time; the
 * timer does not keep the process alive.
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
