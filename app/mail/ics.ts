/**
 * A calendar invitation (.ics, RFC 5545) for one event, such as the awards ceremony.
 *
 * - Lines end with CRLF and are folded so no line is longer than 75 octets (bytes of
 *   UTF-8, never splitting a character); a folded line goes on with a single space.
 * - TEXT values escape backslashes, semicolons, commas and new lines.
 * - Times are written in UTC ("20100611T163000Z"), so no VTIMEZONE is needed and every
 *   calendar shows the right local time.
 * - METHOD:PUBLISH: the file adds the event to a calendar; replies go by email (RSVP).
 *
 * Pure string building: safe on the server and in the browser.
 */

export type IcsEvent = {
  /** Stable and globally unique, e.g. "ceremony-coventry-2010@compact-awards". Re-sending with the same UID updates the event. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  organizer?: { name?: string; email: string };
  /** When the file was made; defaults to now. */
  dtstamp?: Date;
  /** Raise it each time the event changes, so calendars take the new version. */
  sequence?: number;
  /** Defaults to "-//Compact Awards//Compact Awards//EN". */
  prodId?: string;
};

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;
const DEFAULT_PRODID = "-//Compact Awards//Compact Awards//EN";

/** "20100611T163000Z": a UTC DATE-TIME. Seconds are kept, milliseconds dropped. */
export function formatIcsUtc(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new Error("Not a valid date for the calendar file");
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** Escapes a TEXT value (RFC 5545 3.3.11): \ ; , and new lines. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** A parameter value (e.g. CN=...): quoted when it holds : ; or , and never containing a double quote. */
function paramValue(value: string): string {
  const clean = value.replace(/["\r\n]/g, "").replace(/[\u0000-\u001f\u007f]/g, "");
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

const encoder = new TextEncoder();

function octets(s: string): number {
  return encoder.encode(s).length;
}

/**
 * Folds one content line (RFC 5545 3.1): at most 75 octets a line, continuation lines
 * start with one space (which counts towards their 75). Never splits a UTF-8 character.
 */
export function foldIcsLine(line: string): string {
  if (octets(line) <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let currentOctets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = octets(char);
    if (currentOctets + size > limit) {
      parts.push(current);
      current = "";
      currentOctets = 0;
      limit = MAX_LINE_OCTETS - 1; // the leading space takes one octet
    }
    current += char;
    currentOctets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** Builds the whole .ics file (VCALENDAR with one VEVENT), CRLF line endings, ending with CRLF. */
export function buildIcs(event: IcsEvent): string {
  if (!event.uid?.trim()) throw new Error("A calendar event needs a UID");
  if (/[\r\n]/.test(event.uid)) throw new Error("A calendar event UID must be one line");
  if (!(event.end.getTime() > event.start.getTime())) throw new Error("A calendar event must end after it starts");
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${(event.prodId ?? DEFAULT_PRODID).replace(/[\r\n]/g, "")}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${event.uid.trim()}`,
    `DTSTAMP:${formatIcsUtc(event.dtstamp ?? new Date())}`,
    `DTSTART:${formatIcsUtc(event.start)}`,
    `DTEND:${formatIcsUtc(event.end)}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence ?? 0))}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeIcsText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeIcsText(event.location)}`);
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n\s]/g, "")}`);
  if (event.organizer) {
    const email = event.organizer.email.replace(/[\r\n\s]/g, "");
    const cn = event.organizer.name?.trim() ? `;CN=${paramValue(event.organizer.name.trim())}` : "";
    lines.push(`ORGANIZER${cn}:mailto:${email}`);
  }
  lines.push("STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR");
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}

/** Base64 of the UTF-8 bytes, without Node's Buffer. */
function toBase64(text: string): string {
  const bytes = encoder.encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The event as an email attachment in the shape Resend's SDK takes
 * (`attachments: [{ filename, content, contentType }]`; a string content is base64).
 */
export function icsAttachment(event: IcsEvent, filename = "invitation.ics"): { filename: string; content: string; contentType: string } {
  return {
    filename,
    content: toBase64(buildIcs(event)),
    contentType: "text/calendar; charset=utf-8; method=PUBLISH",
  };
}
