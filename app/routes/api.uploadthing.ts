import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/env.server";
import { checkedUploadThingRequest, uploadthingRouteHandler } from "~/storage/uploadthing-router.server";
import { notFound } from "~/http/responses.server";

/**
 * UploadThing's endpoint: the browser asks here for presigned upload URLs (POST
 * ?slug=nominationFiles&actionType=upload) and UploadThing calls back here when a file
 * has arrived (POST with an `x-uploadthing-signature` HMAC of the body: server.ts lets a
 * post to exactly this path with that header past its cross-origin check, and
 * checkedUploadThingRequest refuses it unless the signature is right). The file router, with who may
 * upload and what happens on arrival, is in app/storage/uploadthing-router.server.ts.
 * Without UPLOADTHING_TOKEN (the default) there is nothing here: files go through our own form.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!env.uploadthingToken) throw notFound();
  return uploadthingRouteHandler()(request);
}

export async function action({ request }: ActionFunctionArgs) {
  if (!env.uploadthingToken) throw notFound();
  return uploadthingRouteHandler()(await checkedUploadThingRequest(request));
}
