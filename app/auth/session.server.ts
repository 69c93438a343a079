import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { prisma } from "~/db/client.server";
import { env, sessionSecrets } from "~/env.server";
import { loadActor, type Actor } from "./actor.server";

/** Sessions last 30 days; signing out deletes the server-side row, ending it at once. */
export const SESSION_DAYS = 30;

/**
 * The Secure flag: on when the site's public address is https (APP_URL), or this request
 * came over https (Express's req.secure, which believes X-Forwarded-Proto only from the
 * TRUST_PROXY proxies, is the protocol of request.url). Never from the Host header: a
 * proxy that forwards "Host: localhost" would otherwise turn it off for everyone. The
 * laptop demo (APP_URL http://localhost) has no TLS and gets no Secure flag.
 */
function secureCookie(request: Request) {
  return env.appUrl.startsWith("https:") || new URL(request.url).protocol === "https:";
}

type SessionData = { sessionId: string };
type FlashData = { notice: string };

let storage: ReturnType<typeof createCookieSessionStorage<SessionData, FlashData>> | undefined;
function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "__session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // The first signs, every one is accepted: SESSION_SECRET=<new>,<old> rotates it.
      secrets: sessionSecrets(),
      maxAge: SESSION_DAYS * 24 * 3600,
    },
  });
  return storage;
}

function cookieOptions(request: Request) {
  return { secure: secureCookie(request) };
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export async function commitSession(request: Request, session: Awaited<ReturnType<typeof getSession>>) {
  return sessionStorage().commitSession(session, cookieOptions(request));
}

/** Starts a signed-in session for a user and returns the Set-Cookie header. */
export async function createUserSession(request: Request, userId: string) {
  const row = await prisma.session.create({
    data: { userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000) },
  });
  const session = await getSession(request);
  session.set("sessionId", row.id);
  return commitSession(request, session);
}

/** The signed-in user's id, or null. Expired or signed-out sessions count as signed out. */
export async function getUserId(request: Request): Promise<string | null> {
  const session = await getSession(request);
  const sessionId = session.get("sessionId");
  if (typeof sessionId !== "string") return null;
  const row = await prisma.session.findUnique({ where: { id: sessionId }, select: { userId: true, expiresAt: true } });
  if (!row || row.expiresAt < new Date()) return null;
  return row.userId;
}

// The root loader and the page's own loader both ask who is asking, with the same Request:
// answer once per request (three queries saved on every page).
const actorOfRequest = new WeakMap<Request, Promise<Actor | null>>();

/** Who is asking: null for anonymous visitors. */
export function getActor(request: Request): Promise<Actor | null> {
  let actor = actorOfRequest.get(request);
  if (!actor) {
    actor = getUserId(request).then((userId) => (userId ? loadActor(prisma, userId) : null));
    actorOfRequest.set(request, actor);
  }
  return actor;
}

/** Sends anonymous visitors to sign in, remembering where they were going. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return actor;
}

export async function signOut(request: Request) {
  const session = await getSession(request);
  const sessionId = session.get("sessionId");
  if (typeof sessionId === "string") await prisma.session.deleteMany({ where: { id: sessionId } });
  return sessionStorage().destroySession(session, cookieOptions(request));
}

/** A one-off message shown on the next page ("Cycle saved"). */
export async function flash(request: Request, message: string) {
  const session = await getSession(request);
  session.flash("notice", message);
  return commitSession(request, session);
}

export async function readFlash(request: Request) {
  const session = await getSession(request);
  const notice = session.get("notice");
  return { notice: typeof notice === "string" ? notice : null, cookie: notice ? await commitSession(request, session) : null };
}
