/**
 * Colours shared by the printed booklet, the certificates and the case-study web pages,
 * so a special commendation looks the same on paper and on screen. Every tier colour has
 * at least 4.5:1 contrast with white text.
 */
export const INK = "#1c1c24";
export const MUTED = "#4b4b57";
export const NAVY = "#14365d";
export const TEAL = "#0d6e63";
export const PAPER_TINT = "#eef3f7";
export const RULE = "#c9d3dd";

export const TIER_COLOURS: Record<string, string> = {
  winner: "#8a5a00",
  special_commendation: "#5f2a84",
  commendation: "#14589a",
  highly_commended: "#2b6b2f",
  other: "#45505c",
};

export function tierColour(kind: string): string {
  return TIER_COLOURS[kind] ?? TIER_COLOURS.other;
}
