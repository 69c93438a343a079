/**
 * What the booklet prints, as plain data: built by booklet.server.ts from loadAwards and
 * laid out by booklet-pdf.server.ts (Typst). Every field that is empty prints nothing.
 */

export type BookletPartner = { name: string; sectorLabel: string; role: string; roleLabel: string; side: "statutory" | "vcs" | "other" };

/** A print-ready JPEG (the photo's stored print variant), copied to the render's own folder, and its size in pixels. */
export type BookletImage = { file: string; width: number; height: number; components: number };

export type BookletStudy = {
  id: string;
  /** its page on the web, the accessible version, linked from its booklet page */
  webUrl?: string;
  title: string;
  summary: string;
  categoryName: string;
  tier: { name: string; kind: string; rank: number };
  citation: string;
  partners: BookletPartner[];
  whatHappened: string;
  howPartnersWorked: string;
  impact: string;
  quote: string;
  quoteAttribution: string;
  principles: { key: string; label: string }[];
  publicContact: string;
  /** "March 2009" */
  started: string;
  consentToPublish: boolean;
  photo: { caption: string; credit: string; image: BookletImage } | null;
};

export type BookletView = {
  cycle: {
    name: string;
    area: string;
    year: string;
    intro: string;
    contactName: string;
    contactEmail: string;
    contactPhone: string;
    /** "Friday 11 June 2010, 2pm at The Welcome Centre, Coventry" or "" */
    ceremony: string;
    /** the case studies on the web */
    webUrl?: string;
  };
  counts: { nominationsReceived: number; awards: number; tierSummary: string };
  categories: { name: string; studies: BookletStudy[] }[];
  /** the organiser's cover photo, if any */
  cover: { image: BookletImage; credit: string } | null;
};

/** The photo a case study prints: the first photo with consent to publish, and its stored print variant. */
export type PhotoSource = {
  attachmentId: string;
  storageKey: string;
  storageBackend: string;
  /** "<backend>:<key>" of the print-ready JPEG made when the photo was added (null: made while rendering) */
  printKey?: string | null;
  caption: string;
  credit: string;
};

/** Everything the booklet is made from, without the image bytes: hashed, then drawn. */
export type BookletInputs = {
  layoutVersion: number;
  view: Omit<BookletView, "categories" | "cover"> & {
    categories: { name: string; studies: (Omit<BookletStudy, "photo"> & { photo: PhotoSource | null })[] }[];
    /** the organiser's cover photo ("<backend>:<key>") and its credit */
    coverPhoto?: { storageKey: string; credit: string } | null;
  };
};

export type BookletProgress = {
  step: "photos" | "layout" | "writing" | "saving";
  done: number;
  total: number;
  message: string;
};
