import crypto from "node:crypto";
import { createRouteHandler, createUploadthing, UploadThingError, type FileRouter } from "uploadthing/server";
import { z } from "zod";
import { loadActor } from "~/auth/actor.server";
import { env } from "~/env.server";
import { readLimitedBody } from "~/forms/read.server";
import { can } from "~/auth/permissions";
import { prisma } from "~/db/client.server";
import { nominationFacts } from "~/nominations/access.server";
import { fileEditWindow, recordUploadedFile } from "~/nominations/attachments.server";
import { storage } from "./storage.server";
import { DOCX_MIME, FILE_KINDS, FILE_LIMITS, formatSize, type FileKind } from "~/nominations/file-checks.server";
import { requireNominationAccess } from "~/http/guards.server";

/**
 * UploadThing's file router: with JavaScript and UPLOADTHING_TOKEN set, the browser sends
 * files straight to UploadThing. The middleware decides who may (the same rule as the
 * page: requireNominationAccess with nomination.edit, within the deadline, at most 10
 * files); onUploadComplete (a callback signed by UploadThing) fetches the file back and
 * puts it through the same content checks as a file posted to our own form
 * (recordUploadedFile), deleting it from UploadThing when it fails them.
 * Served by app/routes/api.uploadthing.ts.
 */

const f = createUploadthing();

const inputSchema = z.object({
  nominationId: z.string().trim().min(1).max(64),
  kind: z.enum(FILE_KINDS),
});

/** What the browser claims is only a first filter (the content is checked on arrival), but it saves a wasted upload. */
function claimedTypeFits(kind: FileKind, file: { name: string; type: string }) {
  const name = file.name.toLowerCase();
  if (kind === "photo") return ["image/jpeg", "image/png", "image/webp"].includes(file.type) || /\.(jpe?g|png|webp)$/.test(name);
  return file.type === "application/pdf" || file.type === DOCX_MIME || /\.(pdf|docx)$/.test(name);
}

export const uploadRouter = {
  nominationFiles: f(
    {
      // UploadThing only takes powers of two here; our exact limits are checked in the middleware and again on arrival.
      image: { maxFileSize: "16MB", maxFileCount: FILE_LIMITS.filesPerNomination },
      pdf: { maxFileSize: "32MB", maxFileCount: FILE_LIMITS.filesPerNomination },
      blob: { maxFileSize: "32MB", maxFileCount: FILE_LIMITS.filesPerNomination },
    },
    { awaitServerData: true },
  )
    .input(inputSchema)
    .middleware(async ({ req, input, files }) => {
      let actorId: string;
      try {
        const { actor } = await requireNominationAccess(req, input.nominationId, "nomination.edit");
        actorId = actor.userId;
      } catch (thrown) {
        if (thrown instanceof Response && thrown.status >= 300 && thrown.status < 400) {
          throw new UploadThingError({ code: "FORBIDDEN", message: "Sign in to add files to a nomination." });
        }
        if (thrown instanceof Response) throw new UploadThingError({ code: "NOT_FOUND", message: "Not found" });
        throw thrown;
      }
      const window = await fileEditWindow(prisma, input.nominationId);
      if (!window.open) throw new UploadThingError({ code: "BAD_REQUEST", message: window.message });
      const existing = await prisma.attachment.count({ where: { nominationId: input.nominationId } });
      if (existing + files.length > FILE_LIMITS.filesPerNomination) {
        const left = Math.max(0, FILE_LIMITS.filesPerNomination - existing);
        throw new UploadThingError({
          code: "TOO_MANY_FILES",
          message: `A nomination can have at most ${FILE_LIMITS.filesPerNomination} files. This one has room for ${left} more.`,
        });
      }
      const limit = input.kind === "photo" ? FILE_LIMITS.photoBytes : FILE_LIMITS.evidenceBytes;
      for (const file of files) {
        if (!claimedTypeFits(input.kind, file)) {
          throw new UploadThingError({
            code: "BAD_REQUEST",
            message: input.kind === "photo" ? "Choose a JPEG, PNG or WebP photo." : "Choose a PDF or a Word (.docx) file.",
          });
        }
        if (file.size > limit) {
          throw new UploadThingError({
            code: "TOO_LARGE",
            message: `The file is ${formatSize(file.size)}. ${input.kind === "photo" ? "Photos" : "Evidence files"} must be ${formatSize(limit)} or smaller.`,
          });
        }
      }
      return { nominationId: input.nominationId, userId: actorId, kind: input.kind };
    })
    .onUploadComplete(async ({ metadata, file }) => {
      // The callback comes from UploadThing (HMAC-checked by the handler), maybe a while later:
      // the person must still be allowed to edit this nomination.
      const actor = await loadActor(prisma, metadata.userId);
      const facts = await nominationFacts(prisma, metadata.nominationId);
      if (!actor || !facts || !can(actor, { action: "nomination.edit", nomination: facts })) {
        await storage("uploadthing")
          .delete(file.key)
          .catch(() => undefined);
        return { attachmentId: null, error: "Not found" };
      }
      const result = await recordUploadedFile(prisma, actor, {
        nominationId: metadata.nominationId,
        kind: metadata.kind,
        fileName: file.name,
        key: file.key,
      });
      if (!result.ok) return { attachmentId: null, error: Object.values(result.errors)[0] ?? "The file could not be added." };
      return { attachmentId: result.attachment.id, error: null };
    }),
} satisfies FileRouter;

export type NominationFileRouter = typeof uploadRouter;

let handler: ReturnType<typeof createRouteHandler> | undefined;

/**
 * UploadThing's request handler for our router (created once; it reads its token and URLs
 * from the environment per request). UploadThing calls back to the address the upload
 * request came to, unless APP_URL (or UPLOADTHING_CALLBACK_URL) says where the app really
 * is, e.g. behind a proxy.
 */
export function uploadthingRouteHandler() {
  const callbackUrl = process.env.UPLOADTHING_CALLBACK_URL
    ? undefined
    : process.env.APP_URL
      ? `${process.env.APP_URL.replace(/\/$/, "")}/api/uploadthing`
      : undefined;
  handler ??= createRouteHandler({ router: uploadRouter, config: callbackUrl ? { callbackUrl } : undefined });
  return handler;
}

/** The most a request to /api/uploadthing carries: a list of up to ten file names and sizes, or a callback's JSON. */
export const UPLOADTHING_BODY_BYTES = 256 * 1024;

/** The API key inside UPLOADTHING_TOKEN (base64 of JSON { apiKey, appId, regions }), or null. */
function uploadthingApiKey(): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(env.uploadthingToken ?? "", "base64").toString("utf8")) as { apiKey?: unknown };
    return typeof parsed.apiKey === "string" && parsed.apiKey ? parsed.apiKey : null;
  } catch {
    return null;
  }
}

/** Is `header` ("hmac-sha256=<hex>") UploadThing's signature of `body`, made with our API key? */
export function isUploadThingSignature(body: Uint8Array, header: string | null): boolean {
  const apiKey = uploadthingApiKey();
  const given = /^hmac-sha256=([0-9a-f]{64})$/i.exec(header ?? "")?.[1];
  if (!apiKey || !given) return false;
  const expected = crypto.createHmac("sha256", apiKey).update(body).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/**
 * The request to hand to UploadThing's handler: its body read (at most
 * UPLOADTHING_BODY_BYTES, a 413 past that) and, when server.ts let it past the cross-origin
 * check only because it claimed to be UploadThing's callback, refused with a 403 unless the
 * signature is right. Ours to check before anything runs, not left to the handler.
 */
export async function checkedUploadThingRequest(request: Request): Promise<Request> {
  const body = await readLimitedBody(request, UPLOADTHING_BODY_BYTES);
  if (request.headers.get("x-compact-unverified-callback") === "1" && !isUploadThingSignature(body, request.headers.get("x-uploadthing-signature"))) {
    throw new Response("Forms can only be sent from this site's own pages.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body), signal: request.signal });
}
