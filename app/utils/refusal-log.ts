/**
 * One line in the log for a request refused because the request was wrong: an address that
 * does not decode, a route id that does not exist, a method a page does not take. Scanners
 * send these all day; a stack trace for each buries the real faults (which are still logged
 * whole). Used by server.ts (Express's own refusals) and app/entry.server.tsx (Remix's).
 */
const MAX_SHOWN = 200;

export function refusalLine(method: string, url: string, status: number, reason: string): string {
  let where = url;
  try {
    const parsed = new URL(url, "http://x");
    where = parsed.pathname + parsed.search;
  } catch {
    // keep the address as it came
  }
  return `Refused ${oneLine(method, 10)} ${oneLine(where, MAX_SHOWN)}: ${status} ${oneLine(reason, MAX_SHOWN)}`;
}

/** Without control characters (no forged log lines) and cut to `max` characters. */
function oneLine(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
