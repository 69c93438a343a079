import { createSignInLink, findOrCreateUser } from "../../app/auth/sign-in.server";
import { prisma } from "../../app/db/client.server";
import { env } from "../../app/env.server";

export const help = "<email>  print a one-time sign-in link for that person (creates them if new): the way in on a server without email";

export async function run(args: string[]) {
  const email = args[0];
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    console.error("Usage: npm run awards -- sign-in-link <email>");
    return 2;
  }
  await findOrCreateUser(prisma, email);
  const link = await createSignInLink(prisma, { email, skipRateLimit: true });
  if (!link.ok) return 1;
  console.log(link.url);
  // The link is made from APP_URL: say which address was assumed when it is not set, so an
  // operator whose server runs elsewhere (another port, a real domain) knows to set it.
  if (!process.env.APP_URL)
    console.error(`(APP_URL is not set, so the link assumes the server is at ${env.appUrl}. Set APP_URL to the server's public address.)`);
  return 0;
}
