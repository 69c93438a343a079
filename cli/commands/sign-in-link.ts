import { createSignInLink, findOrCreateUser } from "../../app/auth/sign-in.server";
import { prisma } from "../../app/db/client.server";

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
  return 0;
}
