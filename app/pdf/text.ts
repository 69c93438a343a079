/**
 * Text as typed, shaped for the PDF templates: paragraphs and lines (so the template needs
 * no parsing of its own) and the direction each paragraph starts in. Nothing is escaped:
 * the templates show these strings as text, never as markup.
 */

export type TextParagraph = { lines: string[]; rtl: boolean };

/** Control characters other than line breaks and tabs print as nothing in any font: they go. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, "");
}

const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** Does the first letter of the text belong to a right-to-left script? */
export function startsRightToLeft(text: string): boolean {
  const first = /\p{L}/u.exec(text);
  return !!first && RTL_SCRIPT.test(first[0]);
}

/** Blank lines start a new paragraph; single line breaks stay line breaks. */
export function textParagraphs(text: string): TextParagraph[] {
  return cleanText(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ lines: p.split("\n").map((l) => l.trim()), rtl: startsRightToLeft(p) }));
}
