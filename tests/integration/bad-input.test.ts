/**
 * The bad-input corpus: every form in the app, sent malformed input over HTTP to the
 * production build (DESIGN.md: nothing lost, nothing leaked).
 *
 * FORMS below is a table: each entry is one form (who uses it, where it posts, a valid
 * submission, its fields and what kind each is). The cases are generated from it and from
 * tests/support/bad-input-corpus.ts (form x field x bad value -> expectation), plus each
 * form's own forged-id cases. Adding a form is one entry.
 *
 * For every case: never a 5xx, never injected markup unescaped, never a NUL byte in the page.
 * When refused: a 4xx, nothing anywhere in the database changed (every table is compared
 * before and after), a clear message on the page (the error summary "There is a problem"
 * and, for a field, the message next to it, in words a person can act on), everything else
 * the person typed shown again as typed, and the bad value itself shown back to correct.
 * When accepted: the value stored is exactly what was typed (trimmed; control bytes dropped),
 * only the tables the form writes changed, and the page that shows it shows it escaped.
 * Every form that reads a body is also sent one that is not a form (multipart without a
 * boundary, JSON): a 400 saying the form could not be read. Afterwards every table is still
 * there and the documents built from what was stored (certificates, press release, CSVs,
 * booklet) still build.
 *
 * About 1,100 cases; a minute and a half on two cores.
 *
 *   node --import tsx --test tests/integration/bad-input.test.ts
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Files this process stores (an attachment on another user's nomination) must be where the server reads them.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-bad-input-"));
process.env.DATA_DIR = dataDir;

import Database from "better-sqlite3";
import { after, before, describe, it } from "node:test";
import { hashToken } from "~/auth/tokens";
import { openRawReader, prisma } from "~/db/client.server";
import { createRawReader, type RawReader } from "~/db/raw.server";
import { seedDemo } from "~/demo/seed.server";
import { COMPACT_PRINCIPLE_KEYS, PARTNER_ROLES, RANKING_MEASURES, SECTORS, TIER_KINDS } from "~/domain/vocabulary";
import { campaignKeyPrefix } from "~/mail/campaigns.server";
import { newStorageKey, storage } from "~/storage/storage.server";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import {
  BAD,
  corpusFor,
  errorsIn,
  escapeHtml,
  rawInjection,
  unclearMessage,
  urlencoded,
  valueShown,
  type Expectation,
  type FieldKind,
  type Ui,
  type Value,
} from "../support/bad-input-corpus";
import { samplePdf, samplePhoto } from "../support/sample-files";
import { inArea } from "../support/areas";

// ---------------------------------------------------------------- the fixtures

type Who = "anonymous" | "newcomer" | "nominator" | "organiser" | "judge";

/** Ids of the rows the forms work on, filled in before the cases run. */
const ids: Record<string, string> = {};
let openSlug = "";
let server: AppServer;
const cookies: Partial<Record<Who, string>> = {};
/** Reads every table, on either database (SQLite: its own read-only connection; PostgreSQL: the pool). */
let reader: RawReader;
let photo: Buffer;
const pdf = samplePdf("Evidence");
const CONFIRM_TOKEN = "bad-input-confirmation-token-0123456789abcdef";
const DAY = 24 * 3600 * 1000;
/** Nominations in a cycle being set up open in this year: always ahead. */
const LATER = new Date().getUTCFullYear() + 5;
let counter = 0;
/** A fresh number for names that must be unique (new cycles, tiers, invitees, sign-in emails). */
const next = () => ++counter;

// ---------------------------------------------------------------- the table

type FieldExtras = {
  /** the id of the element that shows this field's error (default field-<name>-error) */
  errorId?: string;
  /** this form reads only the first value of a repeated field (FormData.get), as browsers' forms do */
  firstOfMany?: boolean;
  /** cases of this field's own, instead of those made from its kind */
  corpus?: { label: string; value: Value; expect: Expectation }[];
  /** accepted text is shown on the form's `shows` page only after rendering (Markdown): check escaping only */
  rendered?: boolean;
};
type Field = FieldKind & FieldExtras & { name: string };

type Case = {
  label: string;
  /** the whole post: a valid submission with one field changed, or the form's own */
  values?: Record<string, Value>;
  /** a body sent as it is */
  raw?: { body: string | Buffer | FormData; contentType: string };
  /** multipart: the file to send with the values (null: none) */
  file?: { name: string; type: string; bytes: Buffer } | null;
  /** a form that is usually multipart, posted urlencoded (its other buttons) */
  urlencoded?: boolean;
  /** `values` is the whole post (another button's form), not a change to the valid one */
  only?: boolean;
  /** another path than the form's (another person's record) */
  path?: string;
  field?: Field;
  expect: Expectation | { outcome: "not-found" } | { outcome: "unreadable" };
  /** more checks once the response is in */
  check?: (response: Answer) => Promise<void> | void;
};

type Shows = { path: () => string | Promise<string>; who?: Who; fields?: string[] };

type Form = {
  name: string;
  who: Who;
  path: () => string;
  /** a valid submission (made afresh for each case: versions, unique names) */
  valid: () => Promise<Record<string, Value>> | Record<string, Value>;
  fields: Field[];
  /** the tables an accepted post may change */
  writes: string[];
  /** what a field holds now, after an accepted post */
  stored?: (field: string) => Promise<string | null>;
  /** the page that shows what was stored, and who can see it (`fields`: only for these) */
  shows?: Shows | Shows[];
  /** puts the record back as it was before each case (an accepted post may have moved it on) */
  reset?: () => Promise<void>;
  multipart?: { file: () => { name: string; type: string; bytes: Buffer } };
  /** the action reads no form fields (an unreadable body is not its concern) */
  readsNothing?: boolean;
  /** some refusals are told in a warning panel (role="alert") rather than an error summary: what it says */
  formMessage?: RegExp;
  /** the form's own cases: forged ids, other people's records, lying files */
  cases?: () => Case[];
};

type TextOptions = FieldExtras & { full?: boolean; huge1m?: boolean; stored?: (typed: string) => string; ui?: "input" | "textarea" };
const text = (name: string, required: boolean, max: number, more: TextOptions = {}): Field => ({ kind: "text", name, required, max, ui: "input", ...more });
const textarea = (name: string, required: boolean, max: number, more: TextOptions = {}): Field => text(name, required, max, { ui: "textarea", ...more });
const email = (name: string, more: FieldExtras = {}): Field => ({ kind: "email", name, ui: "input", ...more });
const choice = (name: string, options: readonly string[], ui: Ui = "radio", more: FieldExtras = {}): Field => ({ kind: "choice", name, options, ui, ...more });
const number = (name: string, min: number, max: number, integer: boolean, more: FieldExtras & { ui?: "input" | "radio" | "hidden" } = {}): Field => ({
  kind: "number",
  name,
  min,
  max,
  integer,
  ui: "input",
  ...more,
});
const idField = (name: string, ui: Ui, more: FieldExtras = {}): Field => ({ kind: "id", name, ui, ...more });
const date = (name: string, required: boolean, more: FieldExtras = {}): Field => ({ kind: "date", name, required, ui: "input", ...more });
const intent = (more: FieldExtras = {}): Field => ({ kind: "intent", name: "intent", ui: "hidden", ...more });
const version = (more: FieldExtras = {}): Field => ({ kind: "version", name: "version", ui: "hidden", ...more });

const refused = (errorAt: "field" | "form" = "form"): Expectation => ({ outcome: "refuse", errorAt });
const notFound = { outcome: "not-found" as const };

const ukInput = (date: Date) => new Date(date.getTime()).toISOString().slice(0, 16);

async function newestPartner(nominationId: string) {
  return prisma.nominationPartner.findFirst({
    where: { nominationId },
    orderBy: [{ position: "desc" }, { createdAt: "desc" }],
    include: { organisation: true },
  });
}

const FORMS: Form[] = [
  // ------------------------------------------------------------ signing in
  {
    name: "sign in",
    who: "anonymous",
    path: () => "/sign-in",
    valid: () => ({ email: `signin-${next()}@example.org`, redirectTo: "/" }),
    fields: [email("email")],
    writes: ["SignInToken", "EmailMessage", "AuditEvent", "RateLimit"],
    stored: async () => (await prisma.signInToken.findFirst({ orderBy: { createdAt: "desc" } }))?.email ?? null,
    cases: () => [
      {
        label: "a 6 MB form",
        raw: { body: `email=big%40example.org&padding=${"A".repeat(6 * 1024 * 1024)}`, contentType: "application/x-www-form-urlencoded" },
        expect: { outcome: "unreadable" },
      },
      ...[
        "//evil.example/x",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " /x",
        "https://evil.example/",
        "javascript:alert(1)",
        BAD.script.value,
        BAD.huge.value,
      ].map((redirectTo): Case => ({
        label: `redirectTo ${JSON.stringify(redirectTo.slice(0, 24))}: kept on this site`,
        values: { email: `redirect-${next()}@example.org`, redirectTo },
        expect: { outcome: "accept", stored: null },
        check: async () => {
          const token = await prisma.signInToken.findFirst({ orderBy: { createdAt: "desc" } });
          assert.ok(token, "a link was made");
          assertSafeRedirect(token.redirectTo ?? "/");
        },
      })),
    ],
  },
  {
    name: "about you (welcome)",
    who: "newcomer",
    path: () => "/welcome",
    valid: () => ({
      name: "Siobhán O'Brien & Co",
      jobTitle: "Café <manager>",
      organisationChoice: "existing",
      organisationId: ids.newcomerOrg,
      redirectTo: "/",
    }),
    fields: [
      text("name", true, 120, { full: true }),
      text("jobTitle", false, 120),
      choice("organisationChoice", ["existing", "new"]),
      idField("organisationId", "select"),
    ],
    // Saying who you work for is a request to join it (a Membership, in the audit trail).
    writes: ["User", "Membership", "AuditEvent"],
    stored: async (field) => {
      const user = await prisma.user.findUniqueOrThrow({ where: { email: "bad.welcome@example.org" } });
      return field === "name" ? user.name : (user.jobTitle ?? "");
    },
    shows: { path: () => "/welcome" },
    cases: () => [
      {
        label: "a 30 MB file sent to a form that takes none",
        raw: (() => {
          const form = new FormData();
          form.append("name", "Siobhán");
          form.append("file", new Blob([new Uint8Array(30 * 1024 * 1024)], { type: "application/pdf" }), "big.pdf");
          return { body: form, contentType: "" };
        })(),
        expect: { outcome: "unreadable" },
      },
      ...["//evil.example/x", "/\t/evil.example", "/\n/evil.example", "https://evil.example/", "/cycles/مرحبا"].map((redirectTo): Case => ({
        label: `redirectTo ${JSON.stringify(redirectTo)}: never leaves the site`,
        values: { name: "Siobhán O'Brien", organisationChoice: "existing", organisationId: ids.newcomerOrg, redirectTo },
        expect: { outcome: "accept", stored: null },
        check: (answer) => assertSafeRedirect(answer.location ?? ""),
      })),
    ],
  },

  // ------------------------------------------------------------ nominating
  {
    name: "start a nomination",
    who: "nominator",
    path: () => `/cycles/${openSlug}/nominate`,
    valid: () => ({}),
    fields: [],
    writes: ["Nomination", "NominationPartner", "AuditEvent"],
    readsNothing: true,
    cases: () => [
      {
        label: "forged cycle, status, creator and title are ignored",
        values: { cycleId: ids.xCycle, status: "eligible", createdById: ids.otherUser, title: BAD.script.value, isExample: "true" },
        expect: { outcome: "accept", stored: null },
        check: async () => {
          const n = await prisma.nomination.findFirstOrThrow({ where: { createdById: ids.nominatorUser }, orderBy: { createdAt: "desc" } });
          assert.deepEqual(
            { cycleId: n.cycleId, status: n.status, title: n.title, isExample: n.isExample },
            { cycleId: ids.openCycle, status: "draft", title: "", isExample: false },
          );
        },
      },
    ],
  },
  {
    name: "nomination: category",
    who: "nominator",
    path: () => `/nominations/${ids.w}/category`,
    valid: () => ({ categoryId: ids.openCategory }),
    fields: [idField("categoryId", "radio", { errorId: "field-categoryId-error" })],
    writes: ["Nomination", "AuditEvent"],
    cases: () => [
      { label: "another cycle's category", values: { categoryId: ids.oldCategory }, expect: refused("field"), field: idField("categoryId", "radio") },
      { label: "a foreign cycle's category", values: { categoryId: ids.xCategory }, expect: refused("field"), field: idField("categoryId", "radio") },
      { label: "another person's nomination", path: `/nominations/${ids.t}/category`, values: { categoryId: ids.openCategory }, expect: notFound },
    ],
  },
  {
    name: "nomination: your organisation",
    who: "nominator",
    path: () => `/nominations/${ids.w}/organisation`,
    valid: () => ({ contactName: "Aisha O'Rahman & Co", contactEmail: "nominator@demo.compact-awards.example", role: "lead" }),
    fields: [text("contactName", true, 120, { full: true }), email("contactEmail"), choice("role", ["lead", "other"])],
    writes: ["NominationPartner", "Nomination", "AuditEvent"],
    stored: async (field) => {
      const p = await prisma.nominationPartner.findFirstOrThrow({ where: { nominationId: ids.w, position: 0 } });
      return field === "contactName" ? p.contactName : p.contactEmail;
    },
    shows: { path: () => `/nominations/${ids.w}/organisation` },
  },
  {
    name: "nomination: add a partner",
    who: "nominator",
    path: () => `/nominations/${ids.w}/partners`,
    valid: () => ({
      intent: "add",
      organisationChoice: "new",
      newOrganisationName: `Bad Input Partners ${next()}`,
      newOrganisationSector: "voluntary_community",
      contactName: "Pat O'Neil & Sons",
      contactEmail: "pat@example.net",
      role: "other",
    }),
    fields: [
      choice("organisationChoice", ["existing", "new"]),
      // Organisation names are tidied as they are stored (one organisation per name): NFKC, single spaces.
      text("newOrganisationName", true, 160, { full: true, stored: (v) => v.normalize("NFKC").replace(/\s+/g, " ").trim() }),
      choice("newOrganisationSector", SECTORS),
      text("contactName", true, 120),
      email("contactEmail"),
      choice("role", PARTNER_ROLES),
    ],
    writes: ["Organisation", "NominationPartner", "Nomination", "AuditEvent"],
    stored: async (field) => {
      const p = await newestPartner(ids.w);
      return field === "newOrganisationName" ? (p?.organisation.name ?? null) : field === "contactName" ? (p?.contactName ?? null) : (p?.contactEmail ?? null);
    },
    shows: { path: () => `/nominations/${ids.w}/partners` },
    reset: async () => {
      await prisma.nominationPartner.deleteMany({ where: { nominationId: ids.w, id: { notIn: [ids.wDrafterPartner, ids.wCouncilPartner] } } });
    },
    cases: () => [
      { label: "remove another person's partner", values: { intent: "remove", partnerId: ids.tPartner }, only: true, expect: notFound },
      { label: "remove the nominating organisation", values: { intent: "remove", partnerId: ids.wDrafterPartner }, only: true, expect: refused() },
      {
        label: "an organisation that does not exist",
        values: {
          intent: "add",
          organisationChoice: "existing",
          organisationId: "does-not-exist",
          contactName: "Pat",
          contactEmail: "pat@example.net",
          role: "other",
        },
        expect: refused("field"),
        field: idField("organisationId", "select"),
      },
    ],
  },
  {
    name: "nomination: change a partner",
    who: "nominator",
    path: () => `/nominations/${ids.w}/partners/${ids.wCouncilPartner}`,
    valid: () => ({ contactName: "Tom O'Bradley", contactEmail: "council.nominator@demo.compact-awards.example", role: "lead_statutory" }),
    fields: [text("contactName", true, 120, { full: true }), email("contactEmail"), choice("role", PARTNER_ROLES)],
    writes: ["NominationPartner", "Nomination", "AuditEvent"],
    stored: async (field) => {
      const p = await prisma.nominationPartner.findUniqueOrThrow({ where: { id: ids.wCouncilPartner } });
      return field === "contactName" ? p.contactName : p.contactEmail;
    },
    shows: { path: () => `/nominations/${ids.w}/partners` },
    cases: () => [
      {
        label: "another nomination's partner under this nomination",
        path: `/nominations/${ids.w}/partners/${ids.tPartner}`,
        values: { contactName: "Hijacked", contactEmail: "x@example.net", role: "other" },
        expect: notFound,
      },
      {
        label: "another person's nomination and partner",
        path: `/nominations/${ids.t}/partners/${ids.tPartner}`,
        values: { contactName: "Hijacked", contactEmail: "x@example.net", role: "other" },
        expect: notFound,
      },
      { label: "remove another person's partner", path: `/nominations/${ids.t}/partners/${ids.tPartner}`, values: { intent: "remove" }, expect: notFound },
    ],
  },
  {
    name: "nomination: the story",
    who: "nominator",
    path: () => `/nominations/${ids.w}/story`,
    valid: async () => ({
      intent: "save",
      version: String((await prisma.nomination.findUniqueOrThrow({ where: { id: ids.w } })).version),
      title: "Warm welcome: O'Connor's café & hall",
      summary: "Community centres opened as warm spaces.",
      whatHappened: "We opened <three> centres.",
      impact: "Fewer people alone & cold.",
      howPartnersWorked: "The council paid; the CEN ran it.",
      quote: "It was a lifeline.",
      quoteAttribution: "Resident, Foleshill",
      principles: [COMPACT_PRINCIPLE_KEYS[0], COMPACT_PRINCIPLE_KEYS[1]],
      startedDay: "3",
      startedMonth: "2",
      startedYear: "2024",
    }),
    fields: [
      text("title", true, 150, { full: true }),
      textarea("summary", true, 600),
      textarea("whatHappened", true, 5000, { huge1m: true, full: true }),
      textarea("impact", true, 3000),
      textarea("howPartnersWorked", true, 3000),
      textarea("quote", false, 600),
      {
        ...choice("principles", COMPACT_PRINCIPLE_KEYS, "checkbox"),
        rendered: true,
        corpus: [
          { label: "an unknown outcome", value: ["drop-everything"], expect: refused("field") },
          { label: "a known and an unknown outcome", value: [COMPACT_PRINCIPLE_KEYS[0], BAD.script.value], expect: refused("field") },
          { label: "none", value: undefined, expect: refused("field") },
          {
            label: "the same one twice",
            value: [COMPACT_PRINCIPLE_KEYS[0], COMPACT_PRINCIPLE_KEYS[0]],
            expect: { outcome: "accept", stored: JSON.stringify([COMPACT_PRINCIPLE_KEYS[0]]) },
          },
        ],
      },
      number("startedDay", 1, 31, true, { errorId: "field-startedOn-error" }),
      number("startedYear", 1000, 9999, true, { errorId: "field-startedOn-error" }),
      version({
        corpus: [
          ...corpusFor({ kind: "version", ui: "hidden" }).map((c) => ({ label: c.label, value: c.value, expect: c.expect })),
          { label: "an old version", value: "0", expect: refused() },
        ],
      }),
    ],
    formMessage: /changed|reload|out of date/i,
    writes: ["Nomination", "AuditEvent"],
    stored: async (field) => {
      const n = await prisma.nomination.findUniqueOrThrow({ where: { id: ids.w } });
      return field === "principles" ? n.principles : String(n[field as "title"] ?? "");
    },
    shows: { path: () => `/nominations/${ids.w}/story` },
    cases: () => [
      {
        label: "31 February",
        values: { startedDay: "31", startedMonth: "2", startedYear: "2023" },
        expect: refused("field"),
        field: number("startedDay", 1, 31, true, { errorId: "field-startedOn-error" }),
      },
      {
        label: "a date in the future",
        values: { startedDay: "1", startedMonth: "1", startedYear: "2999" },
        expect: refused("field"),
        field: number("startedDay", 1, 31, true, { errorId: "field-startedOn-error" }),
      },
      { label: "another person's nomination", path: `/nominations/${ids.t}/story`, values: { title: "Hijacked" }, expect: notFound },
    ],
  },
  {
    name: "nomination: photos and evidence (upload)",
    who: "nominator",
    path: () => `/nominations/${ids.w}/files`,
    valid: () => ({ intent: "upload", kind: "photo", caption: "Volunteers' café & hall", credit: "Photo: Sam O'Hara", consentToPublish: "on" }),
    multipart: { file: () => ({ name: "hall.jpg", type: "image/jpeg", bytes: photo }) },
    fields: [choice("kind", ["photo", "evidence"]), text("caption", false, 300, { full: true }), text("credit", false, 120)],
    // RateLimit: every file added counts against the sender's files per hour.
    writes: ["Attachment", "AuditEvent", "RateLimit"],
    stored: async (field) => {
      const a = await prisma.attachment.findFirst({ where: { nominationId: ids.w }, orderBy: { createdAt: "desc" } });
      return a ? String(a[field as "caption"]) : null;
    },
    shows: { path: () => `/nominations/${ids.w}/files` },
    reset: async () => {
      await prisma.attachment.deleteMany({ where: { nominationId: ids.w } });
    },
    cases: () => {
      const upload = (label: string, file: Case["file"], kind: string, expect: Case["expect"], check?: Case["check"]): Case => ({
        label,
        values: { intent: "upload", kind, caption: "Kept caption: O'Hara's", credit: "" },
        file,
        expect,
        field: { kind: "text", name: "file", required: true, max: 0, ui: "none", errorId: "field-file-error" },
        check,
      });
      const exe = Buffer.concat([
        Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "latin1"),
        Buffer.alloc(64),
        Buffer.from("This program cannot be run in DOS mode.\r\r\n$"),
      ]);
      const html = Buffer.from("<html><script>alert(1)</script></html>");
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      return [
        upload("a PDF named photo.jpg sent as image/jpeg, as a photo", { name: "photo.jpg", type: "image/jpeg", bytes: pdf }, "photo", refused("field")),
        upload("an EXE sent as application/pdf", { name: "report.pdf", type: "application/pdf", bytes: exe }, "evidence", refused("field")),
        upload("HTML with a script named photo.jpg", { name: "photo.jpg", type: "image/jpeg", bytes: html }, "photo", refused("field")),
        upload("an SVG with a script", { name: "logo.svg", type: "image/svg+xml", bytes: svg }, "photo", refused("field")),
        upload("an empty file", { name: "empty.pdf", type: "application/pdf", bytes: Buffer.alloc(0) }, "evidence", refused("field")),
        upload(
          "a 30 MB file",
          { name: "big.pdf", type: "application/pdf", bytes: Buffer.concat([pdf, Buffer.alloc(30 * 1024 * 1024)]) },
          "evidence",
          refused("field"),
        ),
        upload("no file at all", null, "photo", refused("field")),
        upload(
          "a PDF named photo.jpg, as evidence: kept as a PDF",
          { name: "photo.jpg", type: "image/jpeg", bytes: pdf },
          "evidence",
          { outcome: "accept", stored: null },
          async () => {
            const a = await prisma.attachment.findFirstOrThrow({ where: { nominationId: ids.w }, orderBy: { createdAt: "desc" } });
            assert.deepEqual({ fileName: a.fileName, contentType: a.contentType }, { fileName: "photo.pdf", contentType: "application/pdf" });
          },
        ),
        upload(
          "a file name with a right-to-left override",
          { name: "report\u202Efdp.exe", type: "application/pdf", bytes: pdf },
          "evidence",
          { outcome: "accept", stored: null },
          async () => {
            const a = await prisma.attachment.findFirstOrThrow({ where: { nominationId: ids.w }, orderBy: { createdAt: "desc" } });
            assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(a.fileName), `no direction controls in ${JSON.stringify(a.fileName)}`);
            assert.ok(a.fileName.endsWith(".pdf"), a.fileName);
          },
        ),
        upload(
          "a file name with markup",
          { name: '"><img src=x onerror=alert(1)>.pdf', type: "application/pdf", bytes: pdf },
          "evidence",
          { outcome: "accept", stored: null },
          async () => {
            const a = await prisma.attachment.findFirstOrThrow({ where: { nominationId: ids.w }, orderBy: { createdAt: "desc" } });
            assert.ok(!/[<>"]/.test(a.fileName), a.fileName);
          },
        ),
        {
          label: "malformed multipart (truncated)",
          raw: {
            body: '--xyz\r\nContent-Disposition: form-data; name="kind"\r\n\r\nphoto\r\n--xyz\r\nContent-Disp',
            contentType: "multipart/form-data; boundary=xyz",
          },
          expect: { outcome: "unreadable" },
        },
        // The update and remove buttons post urlencoded forms.
        {
          label: "update another person's file",
          values: { intent: "update", attachmentId: ids.tAttachment, [`caption.${ids.tAttachment}`]: "Hijacked" },
          urlencoded: true,
          only: true,
          expect: refused(),
        },
        { label: "remove another person's file", values: { intent: "remove", attachmentId: ids.tAttachment }, urlencoded: true, only: true, expect: refused() },
        { label: "an unknown button", values: { intent: "drop-everything" }, urlencoded: true, only: true, expect: refused() },
        {
          label: "a file name with ; and = in it",
          file: { name: "Minutes; March=final.pdf", type: "application/pdf", bytes: pdf },
          values: { kind: "evidence" },
          expect: { outcome: "accept", stored: null },
          check: async () => {
            const a = await prisma.attachment.findFirstOrThrow({ where: { nominationId: ids.w }, orderBy: { createdAt: "desc" } });
            assert.equal(a.fileName, "Minutes; March=final.pdf");
          },
        },
      ];
    },
  },
  {
    name: "nomination: consent",
    who: "nominator",
    path: () => `/nominations/${ids.w}/consent`,
    valid: () => ({ consentToPublish: "yes", publicContact: "Coventry CEN, info@cen.example.org" }),
    fields: [choice("consentToPublish", ["yes", "no"]), text("publicContact", true, 300, { full: true })],
    writes: ["Nomination", "AuditEvent"],
    stored: async () => (await prisma.nomination.findUniqueOrThrow({ where: { id: ids.w } })).publicContact,
    shows: { path: () => `/nominations/${ids.w}/consent` },
  },
  {
    name: "nomination: check and submit",
    who: "nominator",
    path: () => `/nominations/${ids.v}/check`,
    valid: () => ({}),
    fields: [],
    writes: [],
    readsNothing: true,
    cases: () => [
      {
        label: "an incomplete nomination with forged status fields",
        values: { status: "submitted", submittedAt: "2020-01-01", version: "1" },
        expect: refused(),
      },
      { label: "another person's nomination", path: `/nominations/${ids.t}/check`, values: {}, expect: notFound },
    ],
  },
  {
    name: "nomination: withdraw",
    who: "nominator",
    path: () => `/nominations/${ids.v}/withdraw`,
    valid: () => ({ reason: "We will enter next year, O'Brien & Co." }),
    fields: [textarea("reason", false, 1000, { full: true })],
    writes: ["Nomination", "NominationPartner", "AuditEvent"],
    stored: async () => {
      const event = await prisma.auditEvent.findFirst({ where: { entityId: ids.v, action: "nomination.withdrawn" }, orderBy: { createdAt: "desc" } });
      return event ? String((JSON.parse(event.data) as { reason?: string }).reason ?? "") : null;
    },
    shows: { path: () => `/admin/cycles/${openSlug}/nominations/${ids.v}`, who: "organiser" },
    reset: async () => {
      await prisma.nomination.update({ where: { id: ids.v }, data: { status: "draft", withdrawnAt: null } });
    },
    cases: () => [{ label: "another person's nomination", path: `/nominations/${ids.t}/withdraw`, values: { reason: "x" }, expect: notFound }],
  },
  {
    name: "confirm a joint nomination (ask for changes)",
    who: "anonymous",
    path: () => `/confirm/${CONFIRM_TOKEN}`,
    valid: () => ({ intent: "changes", comment: "Please add the café's hours & O'Brien's role." }),
    fields: [textarea("comment", true, 2000, { full: true })],
    writes: ["NominationPartner", "Nomination", "AuditEvent", "EmailMessage"],
    stored: async () => (await prisma.nominationPartner.findUniqueOrThrow({ where: { id: ids.bConfirmingPartner } })).changesComment,
    shows: { path: () => `/nominations/${ids.b}`, who: "nominator" },
    reset: resetConfirmation,
    formMessage: /changed while you were reading|link is not valid/,
    cases: () => [
      ...corpusFor({ kind: "version", ui: "hidden" }).map((c): Case => ({
        label: `confirm with version ${c.label}`,
        values: { intent: "confirm", version: c.value, comment: undefined },
        expect: refused(),
        field: version(),
      })),
      { label: "confirm with a version from long ago", values: { intent: "confirm", version: "0", comment: undefined }, expect: refused(), field: version() },
      { label: "a token that is not real", path: "/confirm/not-a-real-token", values: { intent: "confirm", version: "1" }, expect: refused() },
    ],
  },

  // ------------------------------------------------------------ judging
  {
    name: "judge: scores",
    who: "judge",
    path: () => `/judge/${ids.ja1}`,
    valid: async () => {
      const review = await prisma.review.findUnique({ where: { assignmentId: ids.ja1 } });
      return {
        intent: "draft",
        version: String(review?.version ?? 0),
        [`score.${ids.jk1}`]: "3",
        [`score.${ids.jk2}`]: "4",
        // Never quite what is stored, so a save with an old version is always a real conflict.
        commentForPanel: `Strong & clear: O'Brien's <evidence> (${next()}).`,
        noteForNominators: "Well done.",
      };
    },
    fields: [
      // Left empty, a criterion is simply not scored yet (a draft).
      {
        ...number("score.K1", 1, 5, true, { ui: "radio" }),
        corpus: [
          ...corpusFor({ kind: "number", min: 1, max: 5, integer: true, ui: "radio" })
            .filter((c) => c.key !== "empty" && c.key !== "missing")
            .map((c) => ({ label: c.label, value: c.value, expect: c.expect })),
          ...["0", "6", " 3.0 "].map((value) => ({ label: `${JSON.stringify(value)}, off the scale`, value, expect: refused("field") })),
        ],
      },
      textarea("commentForPanel", false, 5000, { full: true, firstOfMany: true, huge1m: true }),
      textarea("noteForNominators", false, 2000, { firstOfMany: true }),
      version(),
      intent(),
    ],
    formMessage: /changed somewhere else|went wrong with that button/,
    writes: ["Review", "Score", "AuditEvent"],
    stored: async (field) => {
      const review = await prisma.review.findUnique({ where: { assignmentId: ids.ja1 } });
      return review ? review[field as "commentForPanel"] : null;
    },
    shows: { path: () => `/judge/${ids.ja1}` },
    cases: () => [
      {
        label: "another judge's assignment",
        path: `/judge/${ids.ja2}`,
        values: { intent: "draft", version: "1", [`score.${ids.jk1}`]: "1", commentForPanel: "Hijacked" },
        expect: notFound,
      },
      {
        label: "an assignment in a foreign cycle",
        path: `/judge/${ids.xAssignment}`,
        values: { intent: "draft", version: "0", commentForPanel: "Hijacked" },
        expect: notFound,
      },
      { label: "a score for another cycle's criterion", values: { [`score.${ids.xCriterion}`]: "5" }, expect: refused() },
      { label: "a score for an earlier cycle's criterion", values: { [`score.${ids.oldCriterion}`]: "2" }, expect: refused() },
    ],
  },
  {
    name: "judge: declare a conflict",
    who: "judge",
    path: () => `/judge/${ids.ja3}`,
    valid: () => ({ intent: "declare-conflict", reason: "I chair O'Brien's & Co board." }),
    fields: [textarea("reason", true, 1000, { full: true, firstOfMany: true })],
    writes: ["Assignment", "Review", "AuditEvent"],
    stored: async () => (await prisma.assignment.findUniqueOrThrow({ where: { id: ids.ja3 } })).conflictReason,
    shows: { path: () => `/judge/${ids.ja3}` },
    reset: async () => {
      await prisma.assignment.update({ where: { id: ids.ja3 }, data: { conflict: "none", conflictReason: null, conflictAt: null, openedAt: null } });
    },
    cases: () => [
      { label: "another judge's assignment", path: `/judge/${ids.ja2}`, values: { intent: "declare-conflict", reason: "Hijacked" }, expect: notFound },
    ],
  },

  // ------------------------------------------------------------ setting up a cycle
  {
    name: "admin: create a cycle",
    who: "organiser",
    path: () => "/admin/cycles/new",
    valid: () => {
      const n = next();
      return {
        name: `Bad Input Awards ${n}`,
        slug: `bad-input-new-${n}`,
        area: "Coventry & Warwickshire",
        intro: "The <best> of O'Brien's city.",
        nominationsOpenAt: `${LATER}-03-01T09:00`,
        nominationsCloseAt: `${LATER}-04-30T17:00`,
        judgingOpenAt: "",
        judgingCloseAt: "",
        ceremonyAt: "",
        ceremonyVenue: "St Mary's Guildhall",
        contactName: "Sam Whitfield",
        contactEmail: "compact@example.org",
        contactPhone: "024 7600 0000",
        signOff: "Sam",
      };
    },
    fields: [
      text("name", true, 160, { full: true }),
      {
        kind: "text",
        name: "slug",
        required: false,
        max: 60,
        ui: "input",
        corpus: ["Has Spaces", "new", "-x-", "a", BAD.script.value, BAD.sqlDrop.value, BAD.huge.value, BAD.arabic.value].map((value) => ({
          label: JSON.stringify(value.slice(0, 20)),
          value,
          expect: refused("field"),
        })),
      },
      text("area", true, 120),
      textarea("intro", false, 5000),
      date("nominationsOpenAt", true),
      date("judgingOpenAt", false),
      email("contactEmail"),
      text("contactPhone", false, 40),
    ],
    writes: ["AwardCycle", "CycleRole", "AuditEvent", "OutcomeTier"],
    stored: async (field) => {
      const cycle = await prisma.awardCycle.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
      return String(cycle[field as "name"] ?? "");
    },
    shows: { path: async () => `/admin/cycles/${(await prisma.awardCycle.findFirstOrThrow({ orderBy: { createdAt: "desc" } })).slug}/settings` },
    cases: () => [
      {
        label: "nominations close before they open",
        values: { nominationsCloseAt: `${LATER}-02-01T09:00` },
        expect: refused("field"),
        field: date("nominationsCloseAt", true),
      },
      { label: "a web address already taken", values: { slug: "coventry-2010" }, expect: refused("field"), field: text("slug", false, 60) },
    ],
  },
  {
    name: "admin: settings",
    who: "organiser",
    path: () => `/admin/cycles/bad-input-settings/settings`,
    valid: () => ({
      name: "Bad Input Settings Awards",
      slug: "bad-input-settings",
      area: "Coventry",
      intro: "",
      nominationsOpenAt: `${LATER}-03-01T09:00`,
      nominationsCloseAt: `${LATER}-04-30T17:00`,
      judgingOpenAt: "",
      judgingCloseAt: "",
      ceremonyAt: "",
      ceremonyVenue: "",
      contactName: "Sam Whitfield",
      contactEmail: "compact@example.org",
      contactPhone: "",
      signOff: "",
      bookletIntro: "",
      pressContact: "Sam O'Hara, press@example.org",
      minJudgesPerNomination: "2",
      disagreementThreshold: "1.5",
      rankingMeasure: "normalised",
    }),
    fields: [
      text("area", true, 120, { full: true }),
      textarea("bookletIntro", false, 10000),
      textarea("pressContact", false, 500),
      number("minJudgesPerNomination", 1, 20, true),
      number("disagreementThreshold", 0.1, 4, false),
      choice("rankingMeasure", RANKING_MEASURES),
      date("ceremonyAt", false),
    ],
    writes: ["AwardCycle", "AuditEvent"],
    stored: async (field) => {
      const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { id: ids.sCycle } });
      return String(cycle[field as "area"] ?? "");
    },
    shows: { path: () => `/admin/cycles/bad-input-settings/settings` },
  },
  {
    name: "admin: overview (make public)",
    who: "organiser",
    // The overview is the index route under the cycle's layout: its form posts to ?index.
    path: () => `/admin/cycles/bad-input-settings?index`,
    valid: () => ({ intent: "launch" }),
    fields: [intent()],
    writes: [],
  },
  {
    name: "admin: categories",
    who: "organiser",
    path: () => `/admin/cycles/bad-input-settings/categories`,
    valid: () => ({ intent: "add", name: `Bad Input Category ${next()}`, description: "Partnerships & O'Brien's <work>.", guidance: "" }),
    fields: [intent(), text("name", true, 200, { full: true }), textarea("description", false, 3000), textarea("guidance", false, 3000)],
    writes: ["Category", "AuditEvent"],
    stored: async (field) => {
      const c = await prisma.category.findFirst({ where: { cycleId: ids.sCycle }, orderBy: { position: "desc" } });
      return c ? c[field as "name"] : null;
    },
    shows: { path: () => `/admin/cycles/bad-input-settings/categories` },
    cases: () => [
      {
        label: "edit a foreign cycle's category",
        values: { intent: "edit", id: ids.xCategory, name: "Hijacked", description: "", guidance: "" },
        only: true,
        expect: refused(),
      },
      { label: "remove a foreign cycle's category", values: { intent: "remove", id: ids.xCategory }, only: true, expect: refused() },
      { label: "move another cycle's category", values: { intent: "move", id: ids.oldCategory, direction: "up" }, only: true, expect: refused() },
      { label: "move sideways", values: { intent: "move", id: ids.sCategory, direction: "sideways" }, only: true, expect: refused() },
    ],
  },
  {
    name: "admin: criteria",
    who: "organiser",
    path: () => `/admin/cycles/bad-input-settings/criteria`,
    valid: () => ({
      intent: "add",
      name: `Bad Input Criterion ${next()}`,
      guidance: "Look for <evidence> & O'Brien's impact.",
      weight: "1.5",
      scaleMin: "1",
      scaleMax: "5",
      categoryId: "",
      "descriptor-1": "Little",
      "descriptor-2": "Some",
      "descriptor-3": "Good",
      "descriptor-4": "Strong",
      "descriptor-5": "Outstanding",
    }),
    fields: [
      intent(),
      text("name", true, 200, { full: true }),
      textarea("guidance", false, 3000),
      number("weight", 0.1, 10, false),
      number("scaleMin", 0, 20, true),
      // Empty means "every category".
      idField("categoryId", "select", {
        corpus: (["notFound", "sqlOr", "huge", "array"] as const).map((k) => ({ label: BAD[k].label, value: BAD[k].value, expect: refused("field") })),
      }),
      text("descriptor-1", true, 300),
    ],
    writes: ["Criterion", "AuditEvent"],
    stored: async (field) => {
      const c = await prisma.criterion.findFirst({ where: { cycleId: ids.sCycle }, orderBy: { position: "desc" } });
      if (!c) return null;
      if (field.startsWith("descriptor-")) return (JSON.parse(c.descriptors) as { score: number; label: string }[]).find((d) => d.score === 1)?.label ?? null;
      return String(c[field as "name"]);
    },
    shows: { path: () => `/admin/cycles/bad-input-settings/criteria` },
    cases: () => [
      { label: "a foreign cycle's category", values: { categoryId: ids.xCategory }, expect: refused("field"), field: idField("categoryId", "select") },
      { label: "another cycle's category", values: { categoryId: ids.oldCategory }, expect: refused("field"), field: idField("categoryId", "select") },
      { label: "edit a foreign cycle's criterion", values: { intent: "edit", id: ids.xCriterion }, expect: refused() },
      { label: "remove a foreign cycle's criterion", values: { intent: "remove", id: ids.xCriterion }, only: true, expect: refused() },
      { label: "a scale of 100 points", values: { scaleMin: "0", scaleMax: "100" }, expect: refused("field"), field: number("scaleMax", 0, 20, true) },
    ],
  },
  {
    name: "admin: outcome tiers",
    who: "organiser",
    path: () => `/admin/cycles/bad-input-settings/tiers`,
    valid: () => ({ intent: "add", name: `Bad Input Award ${next()}`, rank: "19", kind: "commendation" }),
    fields: [intent(), text("name", true, 120, { full: true }), number("rank", 1, 20, true), choice("kind", TIER_KINDS)],
    writes: ["OutcomeTier", "AuditEvent"],
    stored: async () => (await prisma.outcomeTier.findFirst({ where: { cycleId: ids.sCycle, rank: 19 } }))?.name ?? null,
    shows: { path: () => `/admin/cycles/bad-input-settings/tiers` },
    reset: async () => {
      await prisma.outcomeTier.deleteMany({ where: { cycleId: ids.sCycle, rank: 19 } });
    },
    cases: () => [
      { label: "edit a foreign cycle's award", values: { intent: "edit", id: ids.xTier }, expect: refused() },
      { label: "remove another cycle's award", values: { intent: "remove", id: ids.oldTier }, only: true, expect: refused() },
    ],
  },
  {
    name: "admin: people (invite)",
    who: "organiser",
    path: () => `/admin/cycles/bad-input-settings/people`,
    valid: () => ({ intent: "invite", email: `invitee-${next()}@example.org`, name: "Jo O'Brien-Smith", role: "organiser", organisationChoice: "" }),
    fields: [intent(), email("email"), text("name", true, 120, { full: true }), choice("role", ["organiser", "judge"])],
    writes: ["User", "CycleRole", "AuditEvent", "EmailMessage", "SignInToken"],
    stored: async (field) => {
      const role = await prisma.cycleRole.findFirst({ where: { cycleId: ids.sCycle }, orderBy: { createdAt: "desc" }, include: { user: true } });
      return role ? (field === "email" ? role.user.email : role.user.name) : null;
    },
    shows: { path: () => `/admin/cycles/bad-input-settings/people` },
    cases: () => [
      { label: "remove a role in a foreign cycle", values: { intent: "remove", roleId: ids.xRole }, only: true, expect: refused() },
      {
        label: "a judge whose organisation does not exist",
        values: { role: "judge", organisationChoice: "existing", organisationId: "does-not-exist" },
        expect: refused("field"),
        field: idField("organisationId", "select"),
      },
    ],
  },

  // ------------------------------------------------------------ running a cycle
  {
    name: "admin: nomination not eligible",
    who: "organiser",
    path: () => `/admin/cycles/${openSlug}/nominations/${ids.t}`,
    valid: () => ({ intent: "ineligible", reason: "Not joint: O'Brien's <group> only." }),
    fields: [intent(), textarea("reason", true, 2000, { full: true })],
    writes: ["Nomination", "NominationPartner", "AuditEvent", "EmailMessage"],
    stored: async () => (await prisma.nomination.findUniqueOrThrow({ where: { id: ids.t } })).ineligibleReason,
    shows: { path: () => `/admin/cycles/${openSlug}/nominations/${ids.t}` },
    reset: resetT,
    cases: () => [
      {
        label: "a nomination in a foreign cycle",
        path: `/admin/cycles/${openSlug}/nominations/${ids.xNomination}`,
        values: { intent: "ineligible", reason: "x" },
        expect: notFound,
      },
    ],
  },
  {
    name: "admin: nomination returned for changes",
    who: "organiser",
    path: () => `/admin/cycles/${openSlug}/nominations/${ids.t}`,
    valid: () => ({ intent: "return", comment: "Add the café's figures & O'Brien's quote." }),
    fields: [textarea("comment", true, 2000, { full: true })],
    writes: ["Nomination", "NominationPartner", "AuditEvent", "EmailMessage"],
    stored: async () => (await prisma.nomination.findUniqueOrThrow({ where: { id: ids.t } })).returnedComment,
    shows: { path: () => `/admin/cycles/${openSlug}/nominations/${ids.t}` },
    reset: resetT,
  },
  {
    name: "admin: nomination extension",
    who: "organiser",
    path: () => `/admin/cycles/${openSlug}/nominations/${ids.t}`,
    valid: () => ({ intent: "extend", until: ukInput(new Date(Date.now() + 40 * DAY)) }),
    fields: [date("until", true)],
    writes: ["Nomination", "AuditEvent", "EmailMessage"],
    reset: resetT,
  },
  {
    name: "admin: judges",
    who: "organiser",
    path: () => `/admin/cycles/bad-input-settings/judges`,
    valid: () => ({ intent: "auto-assign", min: "2", maxLoad: "10" }),
    fields: [
      intent(),
      // The cycle's own setting (issue 19, item 4): the settings page's bounds, and changing it writes the cycle.
      number("min", 1, 20, true),
      number("maxLoad", 1, 10000, true, {
        corpus: [
          ...corpusFor({ kind: "number", min: 1, max: 10000, integer: true, ui: "input" })
            .filter((c) => c.key !== "empty" && c.key !== "missing")
            .map((c) => ({ label: c.label, value: c.value, expect: c.expect })),
        ],
      }),
    ],
    writes: ["Assignment", "AuditEvent", "AwardCycle"],
    formMessage: /went wrong|not part|not a judge|no longer exists|cannot|not found|Choose/i,
    cases: () => [
      {
        label: "assign a foreign judge to a foreign nomination",
        values: { intent: "assign", judgeId: ids.xJudge, nominationId: ids.xNomination },
        only: true,
        expect: refused(),
      },
      { label: "unassign another cycle's assignment", values: { intent: "unassign", assignmentId: ids.ja1 }, only: true, expect: refused() },
      {
        label: "a panel for a foreign category",
        values: { intent: "panel", categoryId: ids.xCategory, judgeIds: [ids.xJudge] },
        only: true,
        expect: refused(),
      },
      // (This cycle has no judges, so the panel form is not on the page: the summary says it.)
      { label: "a panel with no judges", values: { intent: "panel", categoryId: ids.sCategory }, only: true, expect: refused() },
    ],
  },
  {
    name: "admin: results (decide an outcome)",
    who: "organiser",
    path: () => `/admin/cycles/bad-input-judging/results`,
    valid: () => ({
      intent: "decide",
      nominationId: ids.jn1,
      [`outcome-${ids.jn1}`]: ids.jTier,
      [`rationale-${ids.jn1}`]: "Strong partnership & O'Brien's <impact>.",
      [`citation-${ids.jn1}`]: "For the café's work",
      // JN1 has no submitted review yet: an award needs an override with a reason (issue 19, item 1).
      [`override-${ids.jn1}`]: "Read in full by the panel at its meeting; O'Brien's <notes> kept",
    }),
    fields: [
      intent(),
      { ...textarea("rationale-JN1", true, 3000, { full: true }), name: "rationale-JN1" },
      { ...text("citation-JN1", false, 300), name: "citation-JN1" },
      { ...textarea("override-JN1", true, 1000, { full: true }), name: "override-JN1" },
      {
        ...choice("outcome-JN1", ["none"]),
        name: "outcome-JN1",
        corpus: [
          { label: "no outcome", value: "", expect: refused("field") },
          { label: "an unknown outcome", value: "drop-everything", expect: refused("field") },
        ],
      },
    ],
    writes: ["Decision", "AuditEvent"],
    stored: async (field) => {
      const d = await prisma.decision.findUnique({ where: { nominationId: ids.jn1 } });
      return d ? (field.startsWith("rationale") ? d.rationale : field.startsWith("override") ? d.overrideReason : d.citation) : null;
    },
    shows: { path: () => `/admin/cycles/bad-input-judging/results` },
    cases: () => [
      { label: "a foreign cycle's award", values: { [`outcome-${ids.jn1}`]: ids.xTier }, expect: refused("field"), field: choice(`outcome-${ids.jn1}`, []) },
      { label: "another cycle's award", values: { [`outcome-${ids.jn1}`]: ids.oldTier }, expect: refused("field"), field: choice(`outcome-${ids.jn1}`, []) },
      {
        label: "a citation of two lines",
        values: { [`citation-${ids.jn1}`]: "One\nTwo" },
        expect: refused("field"),
        field: text(`citation-${ids.jn1}`, false, 300),
      },
      {
        label: "a nomination in a foreign cycle",
        values: { nominationId: ids.xNomination, [`outcome-${ids.xNomination}`]: ids.xTier, [`rationale-${ids.xNomination}`]: "Hijacked" },
        expect: notFound,
      },
      { label: "unlock results that are not decided", values: { intent: "unlock", reason: "x" }, only: true, expect: refused() },
    ],
  },
  {
    name: "admin: emails",
    who: "organiser",
    path: () => `/admin/cycles/coventry-2010/emails`,
    valid: () => ({ intent: "send", kind: "results", count: "1" }),
    fields: [
      intent(),
      {
        ...choice("kind", ["results", "ceremony-invitation"], "hidden"),
        corpus: ["", "drop-everything", BAD.script.value].map((value) => ({ label: JSON.stringify(value), value, expect: refused() })),
      },
      {
        ...number("count", 1, 1e9, true, { ui: "hidden" }),
        corpus: ["abc", "NaN", "1e309", "-1", "1.5", BAD.huge.value].map((value) => ({ label: JSON.stringify(value.slice(0, 12)), value, expect: refused() })),
      },
    ],
    writes: [],
    cases: () => [
      { label: "the list changed since it was checked", values: { count: "1" }, expect: refused() },
      { label: "re-send a foreign cycle's email", values: { intent: "resend", kind: "results", messageId: ids.xEmail }, only: true, expect: refused() },
    ],
  },
  {
    name: "admin: ceremony citation",
    who: "organiser",
    path: () => `/admin/cycles/coventry-2010/ceremony`,
    valid: () => ({ intent: "citation", decisionId: ids.oldDecision, citation: "For Foleshill's café & crèche" }),
    fields: [{ ...text("citation", false, 300, { full: true, stored: (v) => v.replace(/\s+/g, " ").trim() }), errorId: "CITATION" }],
    writes: ["Decision", "AuditEvent"],
    stored: async () => (await prisma.decision.findUniqueOrThrow({ where: { id: ids.oldDecision } })).citation,
    shows: { path: () => `/admin/cycles/coventry-2010/ceremony` },
    cases: () => [{ label: "a foreign cycle's award", values: { decisionId: ids.xDecision, citation: "Hijacked" }, expect: notFound }],
  },
  {
    name: "admin: press release",
    who: "organiser",
    path: () => `/admin/cycles/coventry-2010/press-release`,
    valid: () => ({
      intent: "save",
      markdown: "# Winners\n\nO'Brien's <b>café</b> & more.",
      quote: "A great night.",
      quoteAttribution: "Chair, O'Hara & Co",
      embargoAt: "",
    }),
    fields: [
      intent(),
      textarea("markdown", false, 100_000, { full: true, stored: (v) => v, rendered: true }),
      textarea("quote", false, 2000),
      text("quoteAttribution", false, 300),
      date("embargoAt", false),
    ],
    writes: ["PressRelease", "AuditEvent"],
    stored: async (field) => {
      const pr = await prisma.pressRelease.findUniqueOrThrow({ where: { cycleId: ids.oldCycle } });
      return String(pr[field as "markdown"]);
    },
    // The Markdown is public once published (rendered, raw HTML shown as text); the rest is on the organiser's page.
    shows: [
      { path: () => `/cycles/coventry-2010/press-release`, who: "anonymous", fields: ["markdown"] },
      { path: () => `/admin/cycles/coventry-2010/press-release` },
    ],
    cases: () => [
      {
        label: "a preview of markup shows it as text",
        values: { intent: "preview", markdown: `${BAD.script.value}\n\n${BAD.imgOnerror.value}` },
        expect: { outcome: "accept", stored: null },
      },
    ],
  },
  {
    name: "admin: booklet introduction",
    who: "organiser",
    path: () => `/admin/cycles/coventry-2010/booklet`,
    valid: () => ({ intent: "save-intro", bookletIntro: "Coventry's <best> partnerships & more." }),
    fields: [intent(), textarea("bookletIntro", false, 10000, { full: true })],
    writes: ["AwardCycle", "AuditEvent"],
    stored: async () => (await prisma.awardCycle.findUniqueOrThrow({ where: { id: ids.oldCycle } })).bookletIntro,
    shows: { path: () => `/admin/cycles/coventry-2010/booklet` },
  },
];

// ---------------------------------------------------------------- resets shared by several forms

async function resetConfirmation() {
  await prisma.nomination.update({ where: { id: ids.b }, data: { status: "awaiting_partner" } });
  await prisma.nominationPartner.update({
    where: { id: ids.bConfirmingPartner },
    data: {
      confirmTokenHash: hashToken(CONFIRM_TOKEN),
      confirmationRequestedAt: new Date(),
      confirmedAt: null,
      changesRequestedAt: null,
      changesComment: null,
    },
  });
}

async function resetT() {
  await prisma.nomination.update({ where: { id: ids.t }, data: { status: "submitted", ineligibleReason: null, returnedComment: null, extensionUntil: null } });
}

// ---------------------------------------------------------------- generating the cases

/** The real name of a field whose name in the table stands for an id (score.K1 -> score.<criterion id>). */
function realName(name: string): string {
  return name.replace(/^score\.K1$/, `score.${ids.jk1}`).replace(/-JN1$/, `-${ids.jn1}`);
}

function casesFor(form: Form): Case[] {
  const cases: Case[] = [];
  for (const field of form.fields) {
    const generated = field.corpus ?? corpusFor(field).map((c) => ({ label: c.label, value: c.value, expect: c.expect }));
    for (const c of generated) {
      let expect = c.expect;
      // A form that reads only the first value: a repeated text field stores its first value.
      if (field.firstOfMany && Array.isArray(c.value) && field.kind === "text") expect = { outcome: "accept", stored: c.value[0] };
      cases.push({ label: `${field.name}: ${c.label}`, field, values: { [field.name]: c.value }, expect });
    }
  }
  if (!form.readsNothing) {
    cases.push({ label: "multipart without a boundary", raw: { body: "name=x", contentType: "multipart/form-data" }, expect: { outcome: "unreadable" } });
    cases.push({ label: "a JSON body", raw: { body: '{"intent":"add"}', contentType: "application/json" }, expect: { outcome: "unreadable" } });
  }
  return [...cases, ...(form.cases?.() ?? [])];
}

// ---------------------------------------------------------------- sending and checking

type Answer = { status: number; html: string; location: string | null };

async function send(method: "GET" | "POST", url: string, who: Who, body?: { body: string | Buffer | FormData; contentType?: string }): Promise<Answer> {
  const headers: Record<string, string> = { Origin: server.url };
  const cookie = cookies[who];
  if (cookie) headers.Cookie = cookie;
  if (body?.contentType) headers["Content-Type"] = body.contentType;
  const response = await fetch(server.url + url, { method, headers, body: body?.body as BodyInit | undefined, redirect: "manual" });
  return { status: response.status, html: await response.text(), location: response.headers.get("location") };
}

function assertSafeRedirect(target: string) {
  assert.ok(!/[\u0000-\u0020\u007f\\]/.test(target), `no spaces, control characters or backslashes in ${JSON.stringify(target)}`);
  assert.ok(target.startsWith("/") && !target.startsWith("//"), `a path on this site: ${JSON.stringify(target)}`);
  assert.equal(new URL(target, server.url).origin, new URL(server.url).origin);
}

/** Every table, hashed row by row: what changed between two moments. */
type Fingerprint = Map<string, string>;
const VOLATILE: Record<string, string[]> = {
  // The outbox delivers in the background after a post returns, and keeps a sent message without its live links.
  EmailMessage: ["status", "attempts", "lastError", "nextAttemptAt", "sentAt", "providerId", "batchKey", "transport", "html", "text"],
};
let lastPrint: { version: string; print: Fingerprint } | null = null;
/**
 * The fingerprint, recomputed only when another connection (the server, this test's Prisma)
 * has committed since: SQLite's data_version; on PostgreSQL the WAL's insert position, which
 * every write moves (a write anywhere in the cluster only costs a recomputation).
 */
async function fingerprint(): Promise<Fingerprint> {
  const version =
    reader.dialect === "sqlite"
      ? String(reader.sqliteHandle!.pragma("data_version", { simple: true }))
      : (await reader.get<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn"))!.lsn;
  if (lastPrint?.version === version) return lastPrint.print;
  lastPrint = { version, print: await computeFingerprint() };
  return lastPrint.print;
}
/** Every table but the migrations' and the sessions', each with its rows in a fixed order: SQLite's rowid, PostgreSQL's primary key. */
const TABLES_AND_ORDER = {
  sqlite: `SELECT name, 'rowid' AS "order" FROM sqlite_master
           WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_prisma_migrations', 'Session')`,
  postgresql: `SELECT t.relname AS name,
             (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)
              FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE i.indrelid = t.oid AND i.indisprimary) AS "order"
           FROM pg_class t
           WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind = 'r' AND t.relname NOT IN ('_prisma_migrations', 'Session')`,
};
async function computeFingerprint(): Promise<Fingerprint> {
  const tables = await reader.all<{ name: string; order: string | null }>(TABLES_AND_ORDER);
  const out: Fingerprint = new Map();
  for (const { name, order } of tables) {
    assert.ok(order, `${name} has a primary key to order its rows by`);
    const hash = crypto.createHash("sha256");
    for (const row of await reader.all<Record<string, unknown>>(`SELECT * FROM "${name}" ORDER BY ${order}`)) {
      for (const column of VOLATILE[name] ?? []) delete row[column];
      hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)));
    }
    out.set(name, hash.digest("hex"));
  }
  return out;
}
const changedTables = (a: Fingerprint, b: Fingerprint) => [...a.keys()].filter((t) => a.get(t) !== b.get(t));

/** What the warning panels (role="alert", other than the error summary) say. */
function alertsIn(html: string): string[] {
  return [...html.matchAll(/<(div|p|section)\b[^>]*role="alert"[^>]*>([\s\S]*?)<\/\1>/g)]
    .filter((m) => !m[0].includes('class="error-summary"') && !m[2].includes("There is a problem"))
    .map((m) =>
      m[2]
        .replace(/<!-- -->/g, "")
        .replace(/<[^>]+>/g, " ")
        .replace(/&#x27;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter(Boolean);
}

function errorIdOf(field: Field): string {
  if (field.errorId === "CITATION") return `field-citation-${ids.oldDecision}-error`;
  if (field.errorId) return field.errorId;
  if (field.name.startsWith("score.")) return `criterion-${field.name.slice("score.".length)}-error`;
  return `field-${field.name.replace(/[^a-zA-Z0-9_-]/g, "-")}-error`;
}

async function run(form: Form, c: Case) {
  await form.reset?.();
  const base = c.raw || c.only ? {} : await form.valid();
  const values: Record<string, Value> = { ...base };
  for (const [k, v] of Object.entries(c.values ?? {})) values[realName(k)] = v;
  const field = c.field ? { ...c.field, name: realName(c.field.name) } : undefined;
  const url = c.path ?? form.path();

  let body: { body: string | Buffer | FormData; contentType?: string };
  if (c.raw) body = c.raw.contentType ? c.raw : { body: c.raw.body };
  else if (form.multipart && !c.urlencoded) {
    const data = new FormData();
    const file = c.file === undefined ? form.multipart!.file() : c.file;
    if (file) data.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    for (const [k, v] of Object.entries(values)) if (v !== undefined) for (const one of Array.isArray(v) ? v : [v]) data.append(k, one);
    body = { body: data };
  } else body = { body: urlencoded(values), contentType: "application/x-www-form-urlencoded" };

  const before = await fingerprint();
  const answer = await send("POST", url, form.who, body);
  const after = await fingerprint();
  const changed = changedTables(before, after);
  const where = `${form.name} / ${c.label}: ${answer.status}`;

  assert.ok(answer.status < 500, `${where}: a server error\n${answer.html.slice(0, 300)}\n${server.output().slice(-2000)}`);
  const raw = rawInjection(answer.html);
  assert.equal(raw, null, `${where}: ${raw} appears unescaped in the page`);
  assert.ok(!answer.html.includes("\u0000"), `${where}: a NUL byte in the page at ${answer.html.indexOf("\u0000")}`);

  const expect = c.expect;
  if (expect.outcome === "not-found") {
    assert.equal(answer.status, 404, where);
    assert.match(answer.html, /Page not found/, where);
    assert.deepEqual(changed, [], `${where}: nothing may change`);
    return;
  }
  if (expect.outcome === "unreadable") {
    assert.ok(answer.status >= 400 && answer.status < 500, where);
    assert.match(answer.html, /could not be read/, `${where}: says the form could not be read`);
    assert.deepEqual(changed, [], `${where}: nothing may change`);
    return;
  }
  if (expect.outcome === "refuse") {
    assert.ok(answer.status >= 400 && answer.status < 500, `${where}: expected a refusal\n${answer.location ?? ""}`);
    assert.deepEqual(changed, [], `${where}: nothing may change`);
    // A clear message: in the error summary (and next to the field), in words a person can act on.
    const { summary, fields } = errorsIn(answer.html);
    const alerts = alertsIn(answer.html);
    if (summary.length === 0) {
      // A few refusals are a warning on the page (a link no longer valid, a page out of date).
      assert.ok(form.formMessage, `${where}: an error summary ("There is a problem")\n${alerts.join(" / ")}`);
      const main = answer.html.slice(answer.html.indexOf("<main"));
      const said = `${alerts.join(" / ")} ${main
        .replace(/<script[\s\S]*?<\/script>/g, " ")
        .replace(/<!-- -->/g, "")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")}`;
      assert.match(said, form.formMessage, `${where}: a message saying what is wrong\n${said.slice(0, 400)}`);
    }
    const messages = summary.length ? [...summary] : alerts.length ? [...alerts] : [form.formMessage!.exec(answer.html)?.[0] ?? ""];
    if ((expect.errorAt === "field" && field && field.ui !== "none") || (expect.errorAt === "field" && field?.errorId)) {
      const id = errorIdOf(field);
      assert.ok(fields[id], `${where}: an error next to the field (#${id}); found ${JSON.stringify(fields)} ${JSON.stringify(messages)}`);
      messages.push(fields[id]);
    }
    assert.ok(messages.length > 0, `${where}: a message saying what is wrong`);
    for (const message of messages) assert.equal(unclearMessage(message), null, `${where}: unclear message ${JSON.stringify(message)}`);
    // Nothing else typed is lost: every other field shows what was sent.
    for (const other of form.fields) {
      const name = realName(other.name);
      if (name === field?.name || other.ui === "hidden" || other.ui === "none") continue;
      const sent = values[name];
      if (typeof sent !== "string" || c.path) continue;
      assert.ok(valueShown(answer.html, name, other.ui, sent), `${where}: ${name} kept as typed (${JSON.stringify(sent.slice(0, 60))})`);
    }
    // And what was wrong is shown back, to be corrected.
    const own = field ? values[field.name] : undefined;
    if (field && (field.ui === "input" || field.ui === "textarea") && typeof own === "string" && !/[\u0000-\u0008\u000B-\u001F]/.test(own) && !c.path) {
      assert.ok(valueShown(answer.html, field.name, field.ui, own), `${where}: ${field.name} shown back as typed (${JSON.stringify(own.slice(0, 60))})`);
    }
    return;
  }
  // Accepted.
  assert.ok([200, 302, 303].includes(answer.status), `${where}: expected it to be accepted\n${JSON.stringify(errorsIn(answer.html))}`);
  const unexpected = changed.filter((t) => !form.writes.includes(t));
  assert.deepEqual(unexpected, [], `${where}: only ${form.writes.join(", ")} may change`);
  if (expect.stored !== null && field && form.stored) {
    assert.equal(await form.stored(field.name), expect.stored, `${where}: stored exactly as typed`);
  }
  await c.check?.(answer);
  const showing = [form.shows ?? []].flat().find((s) => !s.fields || (field && s.fields.includes(field.name)));
  if (showing && expect.stored) {
    const shows = await showing.path();
    const page = await send("GET", shows, showing.who ?? form.who);
    assert.equal(page.status, 200, `${where}: ${shows} answers`);
    assert.equal(rawInjection(page.html), null, `${where}: ${shows} shows injected markup unescaped`);
    assert.ok(!page.html.includes("\u0000"), `${where}: a NUL byte in ${shows}`);
    if (!field?.rendered) assert.ok(page.html.includes(escapeHtml(expect.stored)), `${where}: ${shows} shows ${JSON.stringify(expect.stored.slice(0, 60))}`);
  }
}

// ---------------------------------------------------------------- setting up

before(async () => {
  const started = Date.now();
  const demo = await seedDemo(prisma);
  openSlug = demo.cycles[1];
  photo = await samplePhoto("jpeg");
  const [open, old] = await Promise.all([
    prisma.awardCycle.findUniqueOrThrow({ where: { slug: openSlug }, include: { categories: true } }),
    prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" }, include: { categories: true, criteria: true, outcomeTiers: true } }),
  ]);
  const organiser = await prisma.user.findUniqueOrThrow({ where: { email: demo.organiserEmail } });
  const [judge1, judge2, judge3] = await Promise.all(demo.judgeEmails.map((e) => prisma.user.findUniqueOrThrow({ where: { email: e } })));
  const nominator = await prisma.user.findUniqueOrThrow({ where: { email: "nominator@demo.compact-awards.example" } });
  const councilNominator = await prisma.user.findUniqueOrThrow({ where: { email: "council.nominator@demo.compact-awards.example" } });
  Object.assign(ids, { openCycle: open.id, oldCycle: old.id, nominatorUser: nominator.id, otherUser: councilNominator.id });
  ids.openCategory = open.categories[0].id;
  ids.oldCategory = old.categories[0].id;
  ids.oldCriterion = old.criteria[0].id;
  ids.oldTier = old.outcomeTiers[0].id;
  ids.oldDecision = (
    await prisma.decision.findFirstOrThrow({ where: { nomination: { cycleId: old.id }, outcomeTierId: { not: null } }, orderBy: { nominationId: "asc" } })
  ).id;

  // The nominator's drafts (warm spaces: two partners; volunteer drivers: one), the one awaiting a partner, and another person's.
  const byTitle = async (cycleId: string, start: string) =>
    prisma.nomination.findFirstOrThrow({ where: { cycleId, title: { startsWith: start } }, include: { partners: { orderBy: { position: "asc" } } } });
  const w = await byTitle(open.id, "Warm welcome");
  const v = await prisma.nomination.findFirstOrThrow({
    where: { cycleId: open.id, createdById: nominator.id, status: "draft", NOT: { id: w.id } },
    include: { partners: true },
  });
  const b = await prisma.nomination.findFirstOrThrow({ where: { cycleId: open.id, status: "awaiting_partner" }, include: { partners: true } });
  const t = await prisma.nomination.findFirstOrThrow({
    where: { cycleId: open.id, createdById: councilNominator.id, status: "submitted" },
    include: { partners: true },
  });
  Object.assign(ids, { w: w.id, v: v.id, b: b.id, t: t.id });
  ids.wDrafterPartner = w.partners[0].id;
  ids.wCouncilPartner = w.partners[1].id;
  ids.tPartner = t.partners[0].id;
  ids.bConfirmingPartner = b.partners.find((p) => !p.confirmedAt)!.id;
  await resetConfirmation();
  const stored = await storage().put(newStorageKey(), pdf, "application/pdf");
  ids.tAttachment = (
    await prisma.attachment.create({
      data: {
        nominationId: t.id,
        storageKey: stored.key,
        storageBackend: storage().backend,
        fileName: "evidence.pdf",
        contentType: "application/pdf",
        size: pdf.length,
        kind: "evidence",
      },
    })
  ).id;

  // Someone signing in for the first time (so the welcome form can change their organisation freely).
  const newcomerOrg = await prisma.organisation.create({
    data: { name: "Bad Input Newcomers' Group", nameKey: "bad input newcomers' group", sector: "voluntary_community" },
  });
  ids.newcomerOrg = newcomerOrg.id;
  await prisma.user.create({ data: { email: "bad.welcome@example.org", name: "Newcomer", organisationId: newcomerOrg.id } });

  const now = Date.now();
  const org = (name: string, sector: string) => prisma.organisation.create({ data: { name, nameKey: name.toLowerCase(), sector } });
  const descriptors = JSON.stringify([1, 2, 3, 4, 5].map((score) => ({ score, label: `Point ${score}` })));

  // A cycle being set up (settings, categories, criteria, tiers, people, judges): not public, no nominations.
  const s = await prisma.awardCycle.create({
    data: {
      slug: "bad-input-settings",
      name: "Bad Input Settings Awards",
      area: "Coventry",
      ...inArea("Coventry"),
      nominationsOpenAt: new Date(`${LATER}-03-01T09:00:00Z`),
      nominationsCloseAt: new Date(`${LATER}-04-30T16:00:00Z`),
      contactName: "Sam Whitfield",
      contactEmail: "compact@example.org",
      minJudgesPerNomination: 2,
      categories: { create: { name: "Existing category" } },
      outcomeTiers: {
        create: [
          { name: "Winner", rank: 1, kind: "winner" },
          { name: "Commendation", rank: 2, kind: "commendation" },
        ],
      },
    },
    include: { categories: true },
  });
  await prisma.cycleRole.create({ data: { userId: organiser.id, cycleId: s.id, role: "organiser" } });
  Object.assign(ids, { sCycle: s.id, sCategory: s.categories[0].id });

  // A cycle being judged now: judge1 scores JN1 (judge2 too) and has not opened JN2.
  const j = await prisma.awardCycle.create({
    data: {
      slug: "bad-input-judging",
      name: "Bad Input Judging Awards",
      area: "Coventry",
      ...inArea("Coventry"),
      launchedAt: new Date(now - 61 * DAY),
      nominationsOpenAt: new Date(now - 60 * DAY),
      nominationsCloseAt: new Date(now - 30 * DAY),
      judgingOpenAt: new Date(now - 29 * DAY),
      judgingCloseAt: new Date(now + 30 * DAY),
      contactName: "Sam Whitfield",
      contactEmail: "compact@example.org",
      categories: { create: { name: "Joint working" } },
      outcomeTiers: {
        create: [
          { name: "Winner", rank: 1, kind: "winner" },
          { name: "Commendation", rank: 2, kind: "commendation" },
        ],
      },
    },
    include: { categories: true, outcomeTiers: true },
  });
  await prisma.cycleRole.createMany({
    data: [
      { userId: organiser.id, cycleId: j.id, role: "organiser" },
      { userId: judge1.id, cycleId: j.id, role: "judge" },
      { userId: judge2.id, cycleId: j.id, role: "judge" },
    ],
  });
  const [jk1, jk2] = await Promise.all(
    ["Partnership", "Impact"].map((name, position) =>
      prisma.criterion.create({ data: { cycleId: j.id, name, position, weight: 1, scaleMin: 1, scaleMax: 5, descriptors } }),
    ),
  );
  const jStat = await org("Bad Input Borough Council", "statutory");
  const jVcs = await org("Bad Input Community Trust", "voluntary_community");
  const jNomination = (title: string) =>
    prisma.nomination.create({
      data: {
        cycleId: j.id,
        categoryId: j.categories[0].id,
        title,
        status: "eligible",
        submittedAt: new Date(now - 31 * DAY),
        partners: {
          create: [
            { organisationId: jStat.id, role: "lead_statutory", contactName: "A", contactEmail: "a@bad-input.example.net", position: 0 },
            { organisationId: jVcs.id, role: "lead_vcs", contactName: "B", contactEmail: "b@bad-input.example.net", position: 1 },
          ],
        },
      },
    });
  const jn1 = await jNomination("Judged nomination one");
  const jn2 = await jNomination("Judged nomination two");
  const ja1 = await prisma.assignment.create({ data: { cycleId: j.id, judgeId: judge1.id, nominationId: jn1.id, openedAt: new Date(now - DAY) } });
  const ja2 = await prisma.assignment.create({ data: { cycleId: j.id, judgeId: judge2.id, nominationId: jn1.id, openedAt: new Date(now - DAY) } });
  await prisma.review.create({
    data: { assignmentId: ja2.id, commentForPanel: "Judge two's own words", version: 1, scores: { create: [{ criterionId: jk1.id, value: 2 }] } },
  });
  const ja3 = await prisma.assignment.create({ data: { cycleId: j.id, judgeId: judge1.id, nominationId: jn2.id } });
  Object.assign(ids, { jCycle: j.id, jn1: jn1.id, jk1: jk1.id, jk2: jk2.id, ja1: ja1.id, ja2: ja2.id, ja3: ja3.id, jTier: j.outcomeTiers[0].id });

  // A foreign cycle none of our people organise: its ids are the forged ones.
  const x = await prisma.awardCycle.create({
    data: {
      slug: "bad-input-foreign",
      name: "Foreign Awards",
      area: "Elsewhere",
      ...inArea("Elsewhere"),
      nominationsOpenAt: new Date(now - 60 * DAY),
      nominationsCloseAt: new Date(now - 30 * DAY),
      judgingOpenAt: new Date(now - 29 * DAY),
      judgingCloseAt: new Date(now + 30 * DAY),
      categories: { create: { name: "Foreign category" } },
      criteria: { create: { name: "Foreign criterion", descriptors } },
      outcomeTiers: { create: { name: "Foreign winner", rank: 1, kind: "winner" } },
    },
    include: { categories: true, criteria: true, outcomeTiers: true },
  });
  const xJudge = await prisma.user.create({ data: { email: "foreign.judge@example.net", name: "Foreign Judge" } });
  const xRole = await prisma.cycleRole.create({ data: { userId: xJudge.id, cycleId: x.id, role: "judge" } });
  const xn = await prisma.nomination.create({
    data: {
      cycleId: x.id,
      categoryId: x.categories[0].id,
      title: "Foreign nomination",
      status: "eligible",
      partners: { create: { organisationId: jVcs.id, role: "lead_vcs", contactName: "C", contactEmail: "c@foreign.example.net" } },
    },
  });
  const xDecision = await prisma.decision.create({
    data: { nominationId: xn.id, outcomeTierId: x.outcomeTiers[0].id, rationale: "Foreign", citation: "Foreign citation" },
  });
  const xAssignment = await prisma.assignment.create({ data: { cycleId: x.id, judgeId: judge3.id, nominationId: xn.id, openedAt: new Date() } });
  const xEmail = await prisma.emailMessage.create({
    data: {
      cycleId: x.id,
      toEmail: "c@foreign.example.net",
      fromEmail: "awards@example.org",
      template: "results",
      subject: "Results",
      html: "<p>Results</p>",
      text: "Results",
      idempotencyKey: `${campaignKeyPrefix(x.id, "results")}bad-input`,
      status: "failed",
    },
  });
  Object.assign(ids, {
    xCycle: x.id,
    xCategory: x.categories[0].id,
    xCriterion: x.criteria[0].id,
    xTier: x.outcomeTiers[0].id,
    xNomination: xn.id,
    xDecision: xDecision.id,
    xAssignment: xAssignment.id,
    xEmail: xEmail.id,
    xJudge: xJudge.id,
    xRole: xRole.id,
  });

  server = await startAppServer({ databaseUrl: testDatabase.url, env: { DATA_DIR: dataDir, LOCAL_MAILBOX: "" } });
  cookies.newcomer = await sessionCookieFor(prisma, server, "bad.welcome@example.org");
  cookies.nominator = await sessionCookieFor(prisma, server, nominator.email);
  cookies.organiser = await sessionCookieFor(prisma, server, organiser.email);
  cookies.judge = await sessionCookieFor(prisma, server, judge1.email);
  reader =
    testDatabase.provider === "sqlite"
      ? createRawReader({ dialect: "sqlite", handle: new Database(testDatabase.file, { readonly: true, timeout: 10_000 }) })
      : openRawReader(testDatabase.url);
  console.log(`# set up in ${Date.now() - started} ms`);
});

after(async () => {
  await reader?.close();
  await server?.stop();
  await prisma.$disconnect();
});

// ---------------------------------------------------------------- the tests

let total = 0;
for (const form of FORMS) {
  describe(form.name, () => {
    // The cases need the fixtures' ids, so they are made when the suite runs.
    it("every malformed input is refused clearly or stored exactly, and never breaks the server", async (t) => {
      const cases = casesFor(form);
      total += cases.length;
      const failures: string[] = [];
      for (const c of cases) {
        try {
          await run(form, c);
        } catch (error) {
          failures.push(`- ${c.label}: ${(error as Error).message.split("\n").slice(0, 6).join("\n    ")}`);
        }
      }
      t.diagnostic(`${cases.length} cases`);
      assert.equal(failures.length, 0, `${failures.length} of ${cases.length} cases failed:\n${failures.join("\n")}`);
    });
  });
}

describe("afterwards", () => {
  it("every table is still there after the SQL-looking strings, and every document still builds from what was stored", async (t) => {
    t.diagnostic(`${total} cases in all`);
    const tables = (
      await reader.all<{ name: string }>({
        sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'",
        postgresql: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
      })
    ).map((r) => r.name);
    for (const table of ["Nomination", "User", "AwardCycle", "Review", "Decision", "EmailMessage", "AuditEvent"])
      assert.ok(tables.includes(table), `${table} still exists`);
    assert.ok((await prisma.nomination.count()) > 0);
    // No email built from what people typed carries their markup raw.
    for (const m of await prisma.emailMessage.findMany({ select: { subject: true, html: true } })) {
      assert.equal(rawInjection(m.html), null, `email "${m.subject}" carries markup unescaped`);
    }
    for (const url of [
      "/admin/cycles/coventry-2010/ceremony/certificates.pdf",
      "/cycles/coventry-2010/press-release.docx",
      "/cycles/coventry-2010/press-release.md",
      `/admin/cycles/${openSlug}/nominations.csv`,
      "/admin/cycles/bad-input-judging/results.csv?kind=scores",
      `/nominations/${ids.w}`,
      `/admin/cycles/${openSlug}/nominations/${ids.t}`,
    ]) {
      const answer = await send("GET", url, url.startsWith("/nominations") ? "nominator" : "organiser");
      assert.equal(answer.status, 200, `${url}: ${answer.status}\n${server.output().slice(-1500)}`);
    }
    const made = await send("POST", "/admin/cycles/coventry-2010/booklet", "organiser", {
      body: "intent=generate",
      contentType: "application/x-www-form-urlencoded",
    });
    assert.ok(made.status === 302 || made.status === 303, `the booklet is made from what was stored: ${made.status}\n${made.html.slice(0, 500)}`);
    assert.doesNotMatch(server.output(), /Unexpected Server Error/);
  });
});
