/**
 * For test files that send mail through the real `resend` SDK: a fake Resend started before
 * the file's tests (and the SDK pointed at it) and closed after them, with the transport.
 */
import { after, before } from "node:test";
import { prisma } from "~/db/client.server";
import { resendTransport, type MailTransport } from "~/mail/transport.server";
import { startFakeResend, type FakeResend } from "./fake-resend";

export function fakeResendForThisFile(): { readonly fake: FakeResend; readonly transport: MailTransport } {
  let fake: FakeResend | undefined;
  let transport: MailTransport | undefined;
  before(async () => {
    fake = await startFakeResend();
    // Before any transport is made: the SDK reads the address when a client is constructed.
    process.env.RESEND_API_KEY = fake.apiKey;
    process.env.RESEND_BASE_URL = fake.url;
    transport = resendTransport(fake.apiKey);
  });
  after(async () => {
    await fake?.close();
    await prisma.$disconnect();
  });
  return {
    get fake() {
      if (!fake) throw new Error("The fake Resend starts before the tests");
      return fake;
    },
    get transport() {
      if (!transport) throw new Error("The fake Resend starts before the tests");
      return transport;
    },
  };
}
