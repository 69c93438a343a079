/**
 * The one typeface of every PDF we make (booklet, certificates): Source Sans 3, from the
 * npm package @expo-google-fonts/source-sans-3 (full TrueType files, SIL Open Font
 * Licence). react-pdf embeds the glyphs it uses, so the PDF prints the same everywhere;
 * its default Helvetica is never used (it is not embedded). The full files cover Latin
 * Extended, so names like "Łódź" or "Ŵyddgrug", accents and curly quotes all print.
 * See docs/decisions/0014-booklet-pdf.md.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { Font } from "@react-pdf/renderer";

export const PDF_FONT_FAMILY = "Source Sans 3";

const FACES: { file: string; fontWeight: number; fontStyle: "normal" | "italic" }[] = [
  { file: "400Regular/SourceSans3_400Regular.ttf", fontWeight: 400, fontStyle: "normal" },
  { file: "400Regular_Italic/SourceSans3_400Regular_Italic.ttf", fontWeight: 400, fontStyle: "italic" },
  { file: "600SemiBold/SourceSans3_600SemiBold.ttf", fontWeight: 600, fontStyle: "normal" },
  { file: "700Bold/SourceSans3_700Bold.ttf", fontWeight: 700, fontStyle: "normal" },
  { file: "700Bold_Italic/SourceSans3_700Bold_Italic.ttf", fontWeight: 700, fontStyle: "italic" },
];

let registered = false;

/** The folder of the font package, found the way Node finds packages (works from the build too). */
export function fontPackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("@expo-google-fonts/source-sans-3/package.json"));
}

/** Registers the fonts with react-pdf, once per process. */
export function registerPdfFonts() {
  if (registered) return;
  const dir = fontPackageDir();
  Font.register({
    family: PDF_FONT_FAMILY,
    fonts: FACES.map((f) => ({ src: path.join(dir, f.file), fontWeight: f.fontWeight, fontStyle: f.fontStyle })),
  });
  // Never split words with hyphens: names and titles stay whole (and searchable) in the PDF.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
