/** Small text helpers shared by pages, emails and documents (docs/decisions/0063). */

/** "Winner" from "winner": only the first character changes. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "1 category", "3 categories": a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
