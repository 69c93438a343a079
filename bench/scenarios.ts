/**
 * The six HTTP figures: what each requests, as whom, and the check that it answers 200
 * (with the page it should be) before it is measured.
 */
import type autocannon from "autocannon";
import { createSignInLink } from "~/auth/sign-in.server";
import { prisma, type Db } from "~/db/client.server";
import { request, type Scenario } from "./http";
import { reviewVersions, type BenchData } from "./setup";
import { actionDataOf, decodeDataText } from "../tests/support/single-fetch";

type SaveAnswer = { kind?: string; version?: number; storedVersion?: number };

/** What the autosave's answer (single fetch: an action result in turbo-stream) says. */
async function saveAnswerOf(body: string): Promise<SaveAnswer> {
  return actionDataOf<SaveAnswer>(await decodeDataText(body));
}

export const HTTP_NAMES = ["bare", "judge_queue", "scoring_form", "save_scores", "public_results", "booklet_pdf"] as const;
export type HttpName = (typeof HTTP_NAMES)[number];

/**
 * A real session: a one-time link made as the app makes them, then spent by POSTing to it as
 * the browser does. `db`: the database the server reads (the bench's SQLite file by default).
 */
export async function signIn(origin: string, email: string, db: Db = prisma): Promise<string> {
  const link = await createSignInLink(db, { email, skipRateLimit: true });
  if (!link.ok) throw new Error(`No sign-in link for ${email}: ${link.reason}`);
  const { pathname } = new URL(link.url);
  const res = await request(origin + pathname, {
    method: "POST",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: "",
  });
  const setCookie = res.headers["set-cookie"]?.find((c) => c.startsWith("__session="));
  if (res.status !== 302 || !setCookie)
    throw new Error(`Signing in as ${email} answered ${res.status} without a session cookie:\n${res.text().slice(0, 2000)}`);
  return setCookie.split(";")[0];
}

const COMMENT =
  "A well-evidenced partnership: the council and the carers' centre changed how referrals work and the numbers show it. " +
  "The impact section could say more about what happens after the funding ends.";
const NOTE = "Thank you for a clear and honest nomination.";

/** The stored review versions of some assignments (0: no review yet), from the database the server uses. */
export type VersionsOf = (assignmentIds: readonly string[]) => Map<string, number> | Promise<Map<string, number>>;

export function scenarios(origin: string, cookie: string, data: BenchData, versionsOf: VersionsOf = reviewVersions): Record<HttpName, Scenario> {
  const ids = data.judging.assignmentIds;
  const criteria = data.judging.criterionIds;
  const slug = data.coventry.slug;

  // scoring_form: every request the next of the judge's assignments.
  let formCounter = 0;
  const scoringForm: autocannon.Request = {
    method: "GET",
    setupRequest: (req) => ({ ...req, path: `/judge/${ids[formCounter++ % ids.length]}` }),
  };

  // save_scores: a draft save with changed scores and comment each time, carrying the
  // review's current version. An assignment is taken from `free` for one request and put
  // back when its answer is in, so no two requests in flight ever save the same review
  // (like 50 judges each on their own nomination) and every save carries the version the
  // last answer gave: none is refused as stale. (autocannon clears a connection's context
  // after every request when `requests` has one entry, so the versions live here, keyed by
  // assignment, and the context only carries which assignment a request is for.)
  let versions = new Map<string, number>();
  let free: string[] = [];
  let saveCounter = 0;
  const saveBody = (version: number) => {
    saveCounter++;
    const form = new URLSearchParams();
    form.set("intent", "draft");
    form.set("_via", "fetch");
    form.set("_save", `bench-${saveCounter}`);
    form.set("version", String(version));
    criteria.forEach((c, k) => form.set(`score.${c}`, String(1 + ((saveCounter + k) % 5))));
    form.set("commentForPanel", `${COMMENT} (${saveCounter})`);
    form.set("noteForNominators", NOTE);
    return form.toString();
  };
  const saveScores: autocannon.Request = {
    method: "POST",
    setupRequest: (req, context) => {
      const id = free.shift() ?? ids[saveCounter % ids.length];
      (context as { id?: string }).id = id;
      // The Origin of the server this connection talks to (one of two, in the PostgreSQL figures'
      // two-process runs): autocannon's request carries its url's host.
      const host = (req as { host?: string }).host;
      const headers = host ? { ...req.headers, Origin: `http://${host}` } : req.headers;
      return { ...req, headers, path: `/judge/${id}.data`, body: saveBody(versions.get(id) ?? 0) };
    },
    onResponse: (status, body, context) => {
      const id = (context as { id?: string }).id;
      if (!id) return;
      // The answer is single fetch's turbo-stream; the assignment is free again once it is read.
      void saveAnswerOf(body)
        .then((answer) => {
          if (status === 200 && answer.kind === "saved" && typeof answer.version === "number") versions.set(id, answer.version);
          else if (typeof answer.storedVersion === "number") versions.set(id, answer.storedVersion);
        })
        .catch(() => {
          // not an action answer: counted as an error by status
        })
        .finally(() => free.push(id));
    },
  };

  const judgeHeaders = { Cookie: cookie };
  return {
    bare: { name: "bare", what: "GET /ping (anonymous; the floor)", path: "/ping" },
    judge_queue: { name: "judge_queue", what: `GET /judge (a judge with ${ids.length} assignments)`, path: "/judge", headers: judgeHeaders },
    scoring_form: {
      name: "scoring_form",
      what: "GET /judge/:assignmentId (rotating over the judge's assignments)",
      path: `/judge/${ids[0]}`,
      headers: judgeHeaders,
      requests: [scoringForm],
    },
    save_scores: {
      name: "save_scores",
      what: "POST /judge/:assignmentId.data (autosave: draft, current version)",
      method: "POST",
      path: `/judge/${ids[0]}.data`,
      headers: { ...judgeHeaders, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      requests: [saveScores],
      beforeRun: async () => {
        versions = await versionsOf(ids);
        free = [...ids];
      },
    },
    public_results: { name: "public_results", what: `GET /cycles/${slug}/results (anonymous)`, path: `/cycles/${slug}/results` },
    booklet_pdf: {
      name: "booklet_pdf",
      what: `GET /cycles/${slug}/booklet.pdf (the stored file; loaded with bench/http.ts leanLoad, not autocannon)`,
      path: `/cycles/${slug}/booklet.pdf`,
      lean: true,
    },
  };
}

/** One request per figure: it must answer 200 with what it should, or the run stops here with the answer. */
export async function checkRoutes(
  origin: string,
  cookie: string,
  data: BenchData,
  all: Record<HttpName, Scenario>,
  { names = HTTP_NAMES, versionsOf = reviewVersions }: { names?: readonly HttpName[]; versionsOf?: VersionsOf } = {},
) {
  const fail = (name: string, status: number, body: string, why: string) => {
    throw new Error(`${name}: ${why} (HTTP ${status}). The answer began:\n${body.slice(0, 3000)}`);
  };
  const sizes: Partial<Record<HttpName, number>> = {};
  for (const name of names) {
    const s = all[name];
    if (name === "save_scores") {
      await s.beforeRun?.();
      const id = data.judging.assignmentIds[0];
      const version = (await versionsOf([id])).get(id) ?? 0;
      const form = new URLSearchParams({
        intent: "draft",
        _via: "fetch",
        _save: "check",
        version: String(version),
        // different every time: a save that changes nothing is not a new version
        commentForPanel: `Checked before measuring (${Date.now()}).`,
      });
      data.judging.criterionIds.forEach((c) => form.set(`score.${c}`, "3"));
      const res = await request(`${origin}/judge/${id}.data`, { method: "POST", headers: s.headers, body: form.toString() });
      const body = res.text();
      const answer = await saveAnswerOf(body).catch(() => ({}) as SaveAnswer);
      if (res.status !== 200 || answer.kind !== "saved" || answer.version !== version + 1)
        fail(name, res.status, body, `a save should be accepted as version ${version + 1}`);
      sizes[name] = res.body.length;
      continue;
    }
    const path = name === "scoring_form" ? `/judge/${data.judging.assignmentIds[1]}` : s.path;
    const res = await request(origin + path, { headers: s.headers });
    const body = res.text();
    if (res.status !== 200) fail(name, res.status, body, "expected 200");
    if (name === "bare" && !body.includes("The service is running.")) fail(name, res.status, body, "not the ping page");
    if (name === "judge_queue" && !body.includes("Your judging")) fail(name, res.status, body, "not the judge's queue");
    if (name === "scoring_form" && !body.includes(`name="score.${data.judging.criterionIds[0]}"`))
      fail(name, res.status, body, "not the scoring form (the conflict step?)");
    if (name === "public_results" && !body.includes("Caring for Carers")) fail(name, res.status, body, "not the published results");
    if (name === "booklet_pdf" && !(res.headers["content-type"] ?? "").startsWith("application/pdf")) fail(name, res.status, body, "not a PDF");
    sizes[name] = res.body.length;
  }
  return sizes;
}
