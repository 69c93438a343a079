/**
 * Joins PDF/UA documents that Typst made in parts into one tagged PDF, written straight to
 * a file. Laying out a large booklet in parts keeps Typst's memory bounded (its layout of
 * 1,150 pages took about 930 MB in one piece); the parts are small because their photos
 * are stand-ins (placeholder.ts), and the photos' JPEG bytes are written into the file one
 * at a time, so they are never all in memory together.
 *
 * What the join keeps: every page; one structure tree (each part's elements under the
 * first part's Document element, the parent tree renumbered); the first part's catalogue
 * (language, XMP metadata with the page count corrected, MarkInfo, DisplayDocTitle) and
 * document information. What it makes: the outline (bookmarks) and the links between
 * parts ("#study-<id>" placeholders become GoTo actions).
 */
import fs from "node:fs";
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  ParseSpeeds,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFContext,
  type PDFObject,
} from "pdf-lib";
import { PLACEHOLDER_BASE_WIDTH } from "./placeholder";

export type JoinPhoto = { file: string; width: number; height: number; components: number };
export type OutlineItem = { title: string; page: number; children?: OutlineItem[] };

export type JoinOptions = {
  outFile: string;
  outline: OutlineItem[];
  /** link URIs in the parts ("#study-<id>") and the page (0-based) each should go to */
  linkTargets: Map<string, number>;
  /** photo number (placeholder width - 8) -> the JPEG to write in its place */
  photos: Map<number, JoinPhoto>;
};

const N = (name: string) => PDFName.of(name);

/** Every key -> value of a number tree (flat /Nums or /Kids). */
function numberTree(context: PDFContext, node: PDFDict, out: [number, PDFObject][] = []) {
  const nums = node.lookup(N("Nums"));
  if (nums instanceof PDFArray) {
    for (let i = 0; i + 1 < nums.size(); i += 2) out.push([(nums.get(i) as PDFNumber).asNumber(), nums.get(i + 1)]);
  }
  const kids = node.lookup(N("Kids"));
  if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) numberTree(context, kids.lookup(i, PDFDict), out);
  return out;
}

function asArray(context: PDFContext, value: PDFObject | undefined): PDFArray {
  if (value instanceof PDFArray) return value;
  const array = context.obj([]);
  if (value) array.push(value);
  return array;
}

function structRoot(doc: PDFDocument) {
  const rootRef = doc.catalog.get(N("StructTreeRoot"));
  if (!(rootRef instanceof PDFRef)) throw new Error("A part of the PDF is not tagged");
  const root = doc.context.lookup(rootRef, PDFDict);
  const kids = root.get(N("K"));
  // Typst writes one Document element under the root
  const documentRef = kids instanceof PDFArray ? kids.get(0) : kids;
  if (!(documentRef instanceof PDFRef)) throw new Error("A part of the PDF has no Document element");
  return { rootRef, root, documentRef, document: doc.context.lookup(documentRef, PDFDict) };
}

export async function joinTaggedPdfs(parts: Uint8Array[], options: JoinOptions): Promise<{ pages: number; bytes: number }> {
  // Fastest: parse without yielding to the event loop every 100 objects (this runs in a process of its own)
  const load = (bytes: Uint8Array) => PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const base = await load(parts[0]);
  const context = base.context;
  const baseTree = structRoot(base);
  const baseKids = asArray(context, baseTree.document.get(N("K")));
  baseTree.document.set(N("K"), baseKids);
  const parentTree: [number, PDFObject][] = numberTree(context, baseTree.root.lookup(N("ParentTree"), PDFDict));
  let nextKey = (baseTree.root.lookup(N("ParentTreeNextKey")) as PDFNumber | undefined)?.asNumber() ?? parentTree.length;

  for (const bytes of parts.slice(1)) {
    const part = await load(bytes);
    const tree = structRoot(part);
    const copier = PDFObjectCopier.for(part.context, context);
    // The part's root and Document element are the joined document's own.
    const traversed = (copier as unknown as { traversedObjects: Map<PDFObject, PDFObject> }).traversedObjects;
    traversed.set(tree.rootRef, baseTree.rootRef);
    traversed.set(tree.documentRef, baseTree.documentRef);
    const offset = nextKey;
    for (const page of part.getPages()) {
      // Copied by reference, so the structure elements' /Pg entries point at these copies.
      const ref = copier.copy(page.ref) as PDFRef;
      const leaf = context.lookup(ref) as PDFPage["node"];
      const sp = leaf.get(N("StructParents"));
      if (sp instanceof PDFNumber) leaf.set(N("StructParents"), PDFNumber.of(sp.asNumber() + offset));
      const annots = leaf.lookup(N("Annots"));
      if (annots instanceof PDFArray) {
        for (let i = 0; i < annots.size(); i++) {
          const annot = annots.lookup(i, PDFDict);
          const key = annot.get(N("StructParent"));
          if (key instanceof PDFNumber) annot.set(N("StructParent"), PDFNumber.of(key.asNumber() + offset));
        }
      }
      base.addPage(PDFPage.of(leaf, ref, base));
    }
    const kids = asArray(part.context, tree.document.get(N("K")));
    for (let i = 0; i < kids.size(); i++) baseKids.push(copier.copy(kids.get(i)));
    for (const [key, value] of numberTree(part.context, tree.root.lookup(N("ParentTree"), PDFDict))) parentTree.push([key + offset, copier.copy(value)]);
    const partNext = (tree.root.lookup(N("ParentTreeNextKey")) as PDFNumber | undefined)?.asNumber();
    nextKey = offset + (partNext ?? 0);
  }

  parentTree.sort((a, b) => a[0] - b[0]);
  const nums = context.obj([]);
  for (const [key, value] of parentTree) {
    nums.push(PDFNumber.of(key));
    nums.push(value);
  }
  baseTree.root.set(N("ParentTree"), context.register(context.obj({ Nums: nums })));
  baseTree.root.set(N("ParentTreeNextKey"), PDFNumber.of(nextKey));

  const pages = base.getPages();
  const pageRefs = pages.map((p) => p.ref);
  const dest = (page: number) => context.obj([pageRefs[page], N("XYZ"), null, null, null]);

  // Links between parts: "#study-<id>" URIs become GoTo actions to the page it starts on.
  for (const page of pages) {
    const annots = page.node.lookup(N("Annots"));
    if (!(annots instanceof PDFArray)) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i, PDFDict);
      const action = annot.lookup(N("A"));
      if (!(action instanceof PDFDict)) continue;
      const uri = action.lookup(N("URI"));
      const target = uri instanceof PDFString || uri instanceof PDFHexString ? options.linkTargets.get(uri.decodeText()) : undefined;
      if (target !== undefined) annot.set(N("A"), context.obj({ S: N("GoTo"), D: dest(target) }));
    }
  }

  base.catalog.set(N("Outlines"), buildOutline(context, options.outline, dest));
  base.catalog.set(N("PageMode"), N("UseOutlines"));
  base.catalog.delete(N("Names")); // the first part's named destinations: nothing links to them
  fixXmpPageCount(base, pages.length);

  return writeStreaming(base, options);
}

function buildOutline(context: PDFContext, items: OutlineItem[], dest: (page: number) => PDFObject): PDFRef {
  const rootRef = context.nextRef();
  const level = (list: OutlineItem[], parentRef: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = list.map(() => context.nextRef());
    let count = list.length;
    list.forEach((item, i) => {
      const dict = context.obj({ Title: PDFHexString.fromText(item.title), Parent: parentRef, Dest: dest(item.page) });
      if (i > 0) dict.set(N("Prev"), refs[i - 1]);
      if (i < list.length - 1) dict.set(N("Next"), refs[i + 1]);
      if (item.children?.length) {
        const sub = level(item.children, refs[i]);
        dict.set(N("First"), sub.first);
        dict.set(N("Last"), sub.last);
        dict.set(N("Count"), PDFNumber.of(sub.count)); // open
        count += sub.count;
      }
      context.assign(refs[i], dict);
    });
    return { first: refs[0], last: refs[refs.length - 1], count };
  };
  const top = items.length ? level(items, rootRef) : null;
  const root = context.obj({ Type: N("Outlines") });
  if (top) {
    root.set(N("First"), top.first);
    root.set(N("Last"), top.last);
    root.set(N("Count"), PDFNumber.of(top.count));
  }
  context.assign(rootRef, root);
  return rootRef;
}

/** The XMP packet says how many pages the first part had: say the whole. */
function fixXmpPageCount(doc: PDFDocument, pages: number) {
  const ref = doc.catalog.get(N("Metadata"));
  if (!(ref instanceof PDFRef)) return;
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream) || stream.dict.get(N("Filter"))) return;
  const xml = Buffer.from(stream.contents)
    .toString("utf8")
    .replace(/<xmpTPg:NPages>\d+<\/xmpTPg:NPages>/, `<xmpTPg:NPages>${pages}</xmpTPg:NPages>`);
  doc.context.assign(ref, doc.context.stream(xml, { Type: "Metadata", Subtype: "XML" }));
}

function bytesOf(object: PDFObject): Uint8Array {
  const out = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(out, 0);
  return out;
}

/** Writes every object in order, then the cross-reference table; photos are read from disk as they are written. */
async function writeStreaming(doc: PDFDocument, options: JoinOptions): Promise<{ pages: number; bytes: number }> {
  const context = doc.context;
  const objects = context.enumerateIndirectObjects().sort((a, b) => a[0].objectNumber - b[0].objectNumber);
  const fd = fs.openSync(options.outFile, "w");
  let position = 0;
  // Small objects are gathered into 1 MB writes; photos go straight through.
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes) fs.writeSync(fd, Buffer.concat(pending, pendingBytes));
    pending.length = 0;
    pendingBytes = 0;
  };
  const write = (bytes: Uint8Array | string) => {
    const buffer = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
    position += buffer.length;
    if (buffer.length > 256 * 1024) {
      flush();
      fs.writeSync(fd, buffer);
      return;
    }
    pending.push(buffer);
    pendingBytes += buffer.length;
    if (pendingBytes >= 1 << 20) flush();
  };
  const offsets = new Map<number, number>();
  try {
    write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
    for (const [ref, object] of objects) {
      offsets.set(ref.objectNumber, position);
      write(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
      const photo = object instanceof PDFRawStream ? photoFor(object, options.photos) : undefined;
      if (photo) {
        const jpeg = await fs.promises.readFile(photo.file);
        const dict = context.obj({
          Type: N("XObject"),
          Subtype: N("Image"),
          Width: photo.width,
          Height: photo.height,
          ColorSpace: photo.components === 1 ? N("DeviceGray") : (object as PDFRawStream).dict.get(N("ColorSpace"))!,
          BitsPerComponent: 8,
          Filter: N("DCTDecode"),
          Length: jpeg.length,
        });
        write(bytesOf(dict));
        write("\nstream\n");
        write(jpeg);
        write("\nendstream");
      } else write(bytesOf(object));
      write("\nendobj\n");
    }
    const size = context.largestObjectNumber + 1;
    const xref = position;
    const lines = ["xref", `0 ${size}`, "0000000000 65535 f "];
    for (let n = 1; n < size; n++) {
      const at = offsets.get(n);
      lines.push(at === undefined ? "0000000000 00000 f " : `${String(at).padStart(10, "0")} 00000 n `);
    }
    write(`${lines.join("\n")}\n`);
    const trailer = context.obj({ Size: size, Root: context.trailerInfo.Root as PDFRef });
    if (context.trailerInfo.Info) trailer.set(N("Info"), context.trailerInfo.Info as PDFObject);
    if (context.trailerInfo.ID) trailer.set(N("ID"), context.trailerInfo.ID as PDFObject);
    write("trailer\n");
    write(bytesOf(trailer));
    write(`\nstartxref\n${xref}\n%%EOF\n`);
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return { pages: doc.getPageCount(), bytes: position };
}

function photoFor(stream: PDFRawStream, photos: Map<number, JoinPhoto>): JoinPhoto | undefined {
  const dict = stream.dict;
  if (dict.get(N("Subtype")) !== N("Image")) return undefined;
  const width = (dict.get(N("Width")) as PDFNumber | undefined)?.asNumber();
  const height = (dict.get(N("Height")) as PDFNumber | undefined)?.asNumber();
  if (width === undefined || height !== 1) return undefined;
  return photos.get(width - PLACEHOLDER_BASE_WIDTH);
}
