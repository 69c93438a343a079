-- Photos' print variants (docs/decisions/0030-typst-pdf.md): made when a photo is added.
ALTER TABLE "Attachment" ADD COLUMN "printKey" TEXT;

-- The page each case study starts on in the stored booklet, for links from its web page.
-- (A plain ADD COLUMN: SQLite allows a NOT NULL column with a constant default.)
ALTER TABLE "Artefact" ADD COLUMN "studyPages" TEXT NOT NULL DEFAULT '{}';
