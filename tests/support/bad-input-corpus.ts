/**
 * The bad-input corpus: malformed values, the kinds of field a form has, and what each kind
 * of field must do with each bad value. tests/integration/bad-input.test.ts pairs this with a
 * table of the app's forms (form x field x bad value -> expectation) and sends every case over
 * HTTP to the production build.
 *
 * A value is a string, a list (the field sent several times: "an array where one value is
 * expected") or `undefined` (the field left out of the post altogether).
 */

export type Value = string | string[] | undefined;

/** Big enough to be refused by every limit in the app (the largest text limit is 100,000 characters). */
const KB100 = "Long text. "
  .repeat(Math.ceil(102_500 / 11))
  .slice(0, 102_500)
  .trim();
const MB1 = "M".repeat(1_048_576);

export const BAD = {
  empty: { label: "empty", value: "" },
  spaces: { label: "only spaces", value: "   \t  " },
  missing: { label: "left out", value: undefined },
  huge: { label: "100 KB", value: KB100 },
  huge1m: { label: "1 MB", value: MB1 },
  array: { label: "sent twice", value: ["First answer", "Second answer"] },
  letters: { label: "letters in a number", value: "abc" },
  nan: { label: '"NaN"', value: "NaN" },
  negative: { label: '"-1"', value: "-1" },
  overflow: { label: '"1e309"', value: "1e309" },
  infinity: { label: '"Infinity"', value: "Infinity" },
  decimal: { label: '"1.5"', value: "1.5" },
  hex: { label: '"0x10"', value: "0x10" },
  bigint: { label: '"99999999999999999999"', value: "99999999999999999999" },
  unknown: { label: "an unknown choice", value: "drop-everything" },
  notFound: { label: "an id that does not exist", value: "does-not-exist-0000" },
  impossibleDate: { label: "30 February", value: "2027-02-30T09:00" },
  arabic: { label: "Arabic (right to left)", value: "مرحبا بالعالم" },
  rtlOverride: { label: "right-to-left override", value: "\u202Eevil\u202C text" },
  emoji: { label: "emoji", value: "Thanks 🎉 👩🏽‍💻 🇬🇧" },
  combining: { label: "combining characters", value: "Z̴̡̢a̷l̸g̶o̵ and cafe\u0301" },
  zeroWidth: { label: "zero-width characters", value: "zero\u200Bwidth\u200Djoiner\uFEFFend" },
  nul: { label: "NUL and control bytes", value: "before\u0000after\u0007bell" },
  script: { label: "<script>", value: "<script>alert(1)</script>" },
  imgOnerror: { label: "attribute break-out", value: '"><img src=x onerror=alert(1)>' },
  sqlDrop: { label: "DROP TABLE", value: "'; DROP TABLE Nomination; --" },
  sqlOr: { label: "1 OR 1=1", value: "1 OR 1=1" },
} as const satisfies Record<string, { label: string; value: Value }>;

export type BadKey = keyof typeof BAD;

/** Text that must be accepted and stored exactly as typed (legitimate text, however odd). */
export const TEXT_KEEPS: BadKey[] = ["arabic", "rtlOverride", "emoji", "combining", "zeroWidth", "script", "imgOnerror", "sqlDrop", "sqlOr"];

/**
 * Characters no keyboard types, which break XML (the Word press release) and HTML: the form
 * reader drops them (app/forms/read.server.ts), so what is stored is the text without them.
 */
export function withoutControls(value: string): string {
  return value.replace(/[\u000B\u000C]/g, "\n").replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, "");
}

/** How a field is drawn, so the test can find what was typed in the page that comes back. */
export type Ui = "input" | "textarea" | "radio" | "select" | "checkbox" | "hidden" | "none";

export type FieldKind =
  /** free text: required or optional, with its limit */
  | { kind: "text"; required: boolean; max: number; ui: "input" | "textarea" | "none"; stored?: (typed: string) => string; full?: boolean; huge1m?: boolean }
  | { kind: "email"; ui: "input" }
  | { kind: "number"; min: number; max: number; integer: boolean; ui: "input" | "radio" | "hidden" }
  /** one of a fixed list */
  | { kind: "choice"; ui: Ui; options: readonly string[] }
  /** a reference to a row that must belong to this page's scope; `forged` ids belong to someone else */
  | { kind: "id"; ui: Ui }
  | { kind: "date"; required: boolean; ui: "input" }
  /** which button was pressed */
  | { kind: "intent"; ui: "hidden" }
  /** the version the page was loaded with */
  | { kind: "version"; ui: "hidden" };

export type Expectation =
  /** refused: no change anywhere, a clear message, the other fields kept */
  | { outcome: "refuse"; errorAt: "field" | "form" }
  /** accepted: the stored value is exactly `stored` */
  | { outcome: "accept"; stored: string | null }
  /** bigger than any form takes (MAX_FORM_BYTES): the whole form is refused as unreadable, before any check of its fields */
  | { outcome: "unreadable" };

export type GeneratedCase = { key: BadKey | "valid-email"; label: string; value: Value; expect: Expectation };

const refuse = (errorAt: "field" | "form" = "field"): Expectation => ({ outcome: "refuse", errorAt });

/** The bad values for one field and what must happen with each. */
export function corpusFor(field: FieldKind): GeneratedCase[] {
  const cases: GeneratedCase[] = [];
  const add = (key: BadKey, expect: Expectation) => cases.push({ key, label: BAD[key].label, value: BAD[key].value, expect });
  switch (field.kind) {
    case "text": {
      const stored = field.stored ?? ((v: string) => v.trim());
      if (field.required) {
        add("empty", refuse());
        add("spaces", refuse());
        add("missing", refuse());
      } else {
        add("empty", { outcome: "accept", stored: "" });
        add("missing", { outcome: "accept", stored: "" });
      }
      add("huge", refuse());
      if (field.huge1m) add("huge1m", { outcome: "unreadable" });
      add("array", refuse());
      const keeps: BadKey[] = field.full ? TEXT_KEEPS : ["rtlOverride", "script", "sqlDrop"];
      for (const key of keeps) add(key, { outcome: "accept", stored: stored(BAD[key].value as string) });
      if (field.full) add("nul", { outcome: "accept", stored: stored(withoutControls(BAD.nul.value)) });
      break;
    }
    case "email":
      for (const key of ["empty", "missing", "huge", "array", "arabic", "script", "imgOnerror", "sqlDrop", "sqlOr", "nul"] as const) add(key, refuse());
      cases.push({
        key: "valid-email",
        label: "a valid address in capitals",
        value: "  Mixed.Case@Example.ORG ",
        expect: { outcome: "accept", stored: "mixed.case@example.org" },
      });
      break;
    case "number":
      for (const key of ["empty", "missing", "letters", "nan", "overflow", "infinity", "hex", "bigint", "huge", "array", "script", "sqlOr"] as const)
        add(key, refuse());
      if (field.min > -1) add("negative", refuse());
      if (field.integer) add("decimal", refuse());
      break;
    case "choice":
      for (const key of ["empty", "missing", "unknown", "script", "sqlOr", "huge"] as const) add(key, refuse());
      cases.push({ key: "array", label: "two choices at once", value: field.options.slice(0, 2), expect: refuse() });
      break;
    case "id":
      for (const key of ["empty", "missing", "notFound", "sqlOr", "sqlDrop", "huge", "nul"] as const) add(key, refuse());
      break;
    case "date":
      if (field.required) add("empty", refuse());
      for (const key of ["letters", "impossibleDate", "overflow", "huge", "array", "script"] as const) add(key, refuse());
      break;
    case "intent":
      for (const key of ["empty", "missing", "unknown", "script", "huge"] as const) add(key, refuse("form"));
      break;
    case "version":
      for (const key of ["letters", "nan", "negative", "overflow", "bigint", "decimal", "array", "huge"] as const) add(key, refuse("form"));
      break;
  }
  return cases;
}

// ---------------------------------------------------------------- reading the page that comes back

/** How React writes text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/** Injected markup that must never appear unescaped in a page. */
export const RAW_INJECTIONS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"];

export function rawInjection(html: string): string | null {
  return RAW_INJECTIONS.find((s) => html.includes(s)) ?? null;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

function textOf(html: string): string {
  return decodeEntities(html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/** The error summary's messages, and each field error's message by its element id. */
export function errorsIn(html: string): { summary: string[]; fields: Record<string, string> } {
  const summary: string[] = [];
  const box = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  if (box && box[1].includes("There is a problem")) {
    for (const li of box[1].matchAll(/<li>([\s\S]*?)<\/li>/g)) summary.push(textOf(li[1]));
  }
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<p class="error-message" id="([^"]+)">([\s\S]*?)<\/p>/g)) fields[m[1]] = textOf(m[2]).replace(/^Error: /, "");
  return { summary, fields };
}

/** A message a person can act on: not a parser's or a programmer's words. */
export function unclearMessage(message: string): string | null {
  if (!message.trim()) return "empty";
  const bad =
    /Invalid (input|option|type)|expected (string|number|array|object)|received |NaN|Infinity|undefined|\bnull\b|ZodError|\[object |TypeError|Unexpected|Too (big|small)|Required$|Failed to parse/;
  const m = bad.exec(message);
  return m ? m[0] : null;
}

/** Is `value` (as typed) present in the form `html` as a field of this kind would show it? */
export function valueShown(html: string, name: string, ui: Ui, value: string): boolean {
  const esc = escapeHtml(value);
  const escName = escapeHtml(name);
  const tags = (tag: string) => [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\bname="${escapeRegExp(escName)}"[^>]*>`, "g"))].map((m) => m[0]);
  switch (ui) {
    case "input":
    case "hidden":
      return tags("input").some((t) => t.includes(`value="${esc}"`));
    case "textarea": {
      const m = new RegExp(`<textarea\\b[^>]*\\bname="${escapeRegExp(escName)}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
      return !!m && m[1].replace(/^\n/, "") === esc;
    }
    case "radio":
    case "checkbox":
      return tags("input").some((t) => t.includes(`value="${esc}"`) && /\bchecked=""/.test(t));
    case "select": {
      const m = new RegExp(`<select\\b[^>]*\\bname="${escapeRegExp(escName)}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
      return !!m && [...m[1].matchAll(/<option\b[^>]*>/g)].some((o) => o[0].includes(`value="${esc}"`) && o[0].includes('selected=""'));
    }
    case "none":
      return true;
  }
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------- sending

/** A urlencoded body; `undefined` leaves a field out, a list sends it several times. */
export function urlencoded(values: Record<string, Value>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return body.toString();
}
