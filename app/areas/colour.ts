/**
 * An area's brand colour is used only as an accent (a border beside the area's name), never
 * behind text. An accent must still be seen: WCAG 2.2 "non-text contrast" (1.4.11) asks for at
 * least 3:1 against what is next to it, here the white page.
 */
export const HEX_COLOUR = /^#[0-9a-f]{6}$/;
export const ACCENT_MIN_CONTRAST = 3;

function channel(hex: string, at: number): number {
  const c = parseInt(hex.slice(at, at + 2), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of "#rrggbb" (WCAG's definition). */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** Contrast ratio between two "#rrggbb" colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

export function isVisibleAccent(hex: string): boolean {
  return HEX_COLOUR.test(hex) && contrastRatio(hex, "#ffffff") >= ACCENT_MIN_CONTRAST;
}
