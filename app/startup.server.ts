import { prisma } from "~/db/client.server";
import { env } from "~/env.server";
import { deliverQueued } from "~/mail/outbox.server";

/** Said once at start-up, loudly where it matters. */
export async function startupChecks() {
  await prisma.$queryRawUnsafe("SELECT 1");
  if (env.localMailboxOn) {
    console.warn(
      "\n*** LOCAL MAILBOX IS ON: every email, sign-in links included, is readable at /dev/mailbox.\n" +
        "*** Fine for a demo on your own laptop; never switch LOCAL_MAILBOX on for a public server.\n",
    );
  } else if (!env.resendApiKey && env.isProduction) {
    console.warn(
      "\n*** NO EMAIL IS BEING SENT: RESEND_API_KEY is not set, so emails are only stored in the outbox.\n" +
        "*** Nobody will receive sign-in links. Set RESEND_API_KEY, or give people links with:\n" +
        "***   npm run awards -- sign-in-link <email>\n",
    );
  }
  // Finish any send a crash or restart interrupted: the outbox never sends a message twice.
  const pending = await prisma.emailMessage.count({ where: { status: { in: ["queued", "sending"] } } });
  if (pending > 0) {
    console.log(`Resuming ${pending} email(s) left in the outbox.`);
    void deliverQueued(prisma).catch((error) => console.error("Resuming the outbox failed:", error));
  }
}
