import { notFound } from "~/cycles/cycles.server";
import { env } from "~/env.server";

/** The local mailbox hands out sign-in links: it exists only when switched on (LOCAL_MAILBOX=1 without Resend). */
export function requireLocalMailbox() {
  if (!env.localMailboxOn) throw notFound();
}
