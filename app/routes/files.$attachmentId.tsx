import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/auth/session.server";
import { prisma } from "~/db/client.server";
import { mayDownloadAttachment } from "~/nominations/attachment-access";
import { loadAttachmentForDownload } from "~/nominations/attachments.server";
import { storage, type StorageBackend } from "~/storage/storage.server";
import { notFound } from "~/http/responses.server";

/**
 * A nomination's photo or evidence file. Partners, the cycle's organisers and assigned
 * judges without a conflict may download it; the public only published, consented photos
 * of awarded nominations (app/nominations/attachment-access.ts). Everyone else gets 404.
 * Not requireNominationAccess: public photos need no sign-in.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = params.attachmentId ? await loadAttachmentForDownload(prisma, params.attachmentId) : null;
  if (!found) throw notFound();
  const actor = await getActor(request);
  if (!mayDownloadAttachment(actor, found.facts)) throw notFound();

  const { attachment } = found;
  const stored = await storage(attachment.storageBackend as StorageBackend).get(attachment.storageKey);
  if (!stored) throw notFound();

  // Images and PDFs open in the browser; Word documents download. The type is the one we
  // checked the content against when the file arrived, never what storage says now.
  const inline = attachment.contentType.startsWith("image/") || attachment.contentType === "application/pdf";
  const headers = new Headers({
    "Content-Type": attachment.contentType,
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", attachment.fileName),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, max-age=300",
    // Nothing in a served file may run script or load anything, whatever it contains.
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  const size = stored.size ?? (Buffer.isBuffer(stored.body) ? stored.body.byteLength : undefined);
  if (size) headers.set("Content-Length", String(size));
  const body = Buffer.isBuffer(stored.body) ? new Uint8Array(stored.body) : stored.body;
  return new Response(body, { status: 200, headers });
}

/**
 * `inline; filename="report.pdf"; filename*=UTF-8''report.pdf`: an ASCII fallback with
 * anything risky replaced, and the exact (UTF-8) name for browsers that read it.
 */
function contentDisposition(type: "inline" | "attachment", fileName: string): string {
  const cleaned = fileName.replace(/[\u0000-\u001f\u007f/\\]+/g, "_").trim() || "file";
  const ascii = cleaned
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["%;\\]/g, "_");
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
