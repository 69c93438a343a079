import { makeSiteAdmin } from "../../app/areas/areas.server";
import { createSignInLink } from "../../app/auth/sign-in.server";
import { prisma } from "../../app/db/client.server";
import { env } from "../../app/env.server";

export const help =
  "<email>  make that person a site administrator (creates them if new) and print a one-time sign-in link: the way in on a fresh install, without ADMIN_EMAILS";

export async function run(args: string[]) {
  const email = args[0];
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    console.error("Usage: npm run awards -- add-admin <email>");
    return 2;
  }
  const admin = await makeSiteAdmin(prisma, { email });
  console.error(admin.already ? `${admin.email} was already a site administrator.` : `${admin.email} is now a site administrator.`);
  const link = await createSignInLink(prisma, { email: admin.email, redirectTo: "/admin", skipRateLimit: true });
  if (!link.ok) return 1;
  console.log(link.url);
  // The link is made from APP_URL, as sign-in-link's is: say which address was assumed when it is not set.
  if (!process.env.APP_URL)
    console.error(`(APP_URL is not set, so the link assumes the server is at ${env.appUrl}. Set APP_URL to the server's public address.)`);
  return 0;
}
