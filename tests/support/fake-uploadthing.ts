/**
 * A loopback stand-in for UploadThing's servers (ingest, API and file hosting), enough for
 * the `uploadthing` 7.7 server SDK and route handler to talk to, recording everything it
 * receives. UploadThing has no local mode (STACK.md), so tests point the SDK here with
 * UPLOADTHING_INGEST_URL, UPLOADTHING_API_URL and UPLOADTHING_UFS_HOST (see `env()`).
 *
 * What it answers, following node_modules/uploadthing/dist/upload-builder-*.js and
 * server/index.js:
 *   POST /route-metadata        the route handler registers an upload  -> { ok: true }
 *   POST /callback-result       onUploadComplete's result              -> { ok: true }
 *   PUT  /<fileKey>?...signature a presigned upload (multipart "file") -> { url, appUrl, ufsUrl, fileHash }
 *   GET  /a/<appId>/<fileKey>   the file (UPLOADTHING_UFS_APP_ID_LOCATION=path), also /f/<fileKey>
 *   POST /v6/deleteFiles        { fileKeys }                           -> { success, deletedCount }
 * API calls must carry the API key (x-uploadthing-api-key); presigned URLs must carry a
 * valid `signature` (hmac-sha256 of the URL with the API key), as UploadThing checks them.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json?: unknown;
};

export type StoredFakeFile = { bytes: Buffer; type: string; name: string };

export type FakeUploadThing = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  apiKey: string;
  appId: string;
  /** the token the app needs: base64 of { apiKey, appId, regions } */
  token: string;
  requests: RecordedRequest[];
  files: Map<string, StoredFakeFile>;
  /** Environment variables that point the UploadThing SDK at this server. */
  env(): Record<string, string>;
  /** As a browser would: PUT a file to a presigned URL. */
  upload(presignedUrl: string, bytes: Uint8Array, name: string, type: string): Promise<Response>;
  /** `hmac-sha256=<hex>` of a body with the API key: the x-uploadthing-signature header. */
  sign(body: string): string;
  received(method: string, path: string): RecordedRequest[];
  close(): Promise<void>;
};

export function uploadthingSignature(body: string, apiKey: string): string {
  return `hmac-sha256=${crypto.createHmac("sha256", apiKey).update(body).digest("hex")}`;
}

export async function startFakeUploadThing(options: { apiKey?: string; appId?: string } = {}): Promise<FakeUploadThing> {
  const apiKey = options.apiKey ?? `sk_test_${crypto.randomBytes(12).toString("hex")}`;
  const appId = options.appId ?? "test-app";
  const token = Buffer.from(JSON.stringify({ apiKey, appId, regions: ["fake"] })).toString("base64");
  const requests: RecordedRequest[] = [];
  const files = new Map<string, StoredFakeFile>();
  let origin = "";

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", origin);
    const record: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, url: req.url ?? "/", headers: req.headers, body };
    if ((req.headers["content-type"] ?? "").includes("json")) {
      try {
        record.json = JSON.parse(body.toString("utf8"));
      } catch {
        // recorded as bytes only
      }
    }
    requests.push(record);

    const apiKeyOk = req.headers["x-uploadthing-api-key"] === apiKey;
    try {
      if (req.method === "POST" && (url.pathname === "/route-metadata" || url.pathname === "/callback-result")) {
        if (!apiKeyOk) return send(res, 401, { error: "Invalid API key" });
        return send(res, 200, { ok: true });
      }
      if (req.method === "POST" && url.pathname === "/v6/deleteFiles") {
        if (!apiKeyOk) return send(res, 401, { error: "Invalid API key" });
        const keys = ((record.json as { fileKeys?: string[] } | undefined)?.fileKeys ?? []).filter((k) => files.delete(k));
        return send(res, 200, { success: true, deletedCount: keys.length });
      }
      if (req.method === "PUT" && /^\/[^/]+$/.test(url.pathname)) {
        // A presigned URL: everything before "&signature=" is what was signed.
        const raw = `${origin}${req.url}`;
        const at = raw.lastIndexOf("&signature=");
        const signature = at >= 0 ? decodeURIComponent(raw.slice(at + "&signature=".length)) : "";
        const expected = uploadthingSignature(raw.slice(0, at), apiKey);
        if (at < 0 || signature !== expected) return send(res, 403, { error: "Invalid signature" });
        if (Number(url.searchParams.get("expires")) < Date.now()) return send(res, 403, { error: "Expired" });
        const form = await new Response(body, { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
        const file = form.get("file");
        if (!(file instanceof Blob)) return send(res, 400, { error: "No file" });
        const key = url.pathname.slice(1);
        const bytes = Buffer.from(await file.arrayBuffer());
        const name = decodeURIComponent(url.searchParams.get("x-ut-file-name") ?? (file as File).name ?? key);
        files.set(key, { bytes, type: file.type || decodeURIComponent(url.searchParams.get("x-ut-file-type") ?? ""), name });
        const ufsUrl = `${origin}/f/${key}`;
        return send(res, 200, { url: ufsUrl, appUrl: ufsUrl, ufsUrl, fileHash: crypto.createHash("md5").update(bytes).digest("hex"), serverData: null });
      }
      if (req.method === "GET") {
        const match = /^\/(?:a\/[^/]+|f)\/([^/]+)$/.exec(url.pathname);
        const file = match ? files.get(decodeURIComponent(match[1])) : undefined;
        if (!file) return send(res, 404, { error: "Not found" });
        res.writeHead(200, { "content-type": file.type || "application/octet-stream", "content-length": file.bytes.length });
        return res.end(file.bytes);
      }
      return send(res, 404, { error: `No fake for ${req.method} ${url.pathname}` });
    } catch (error) {
      return send(res, 500, { error: String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    port,
    apiKey,
    appId,
    token,
    requests,
    files,
    env: () => ({
      UPLOADTHING_TOKEN: token,
      UPLOADTHING_INGEST_URL: origin,
      UPLOADTHING_API_URL: origin,
      // File URLs: http://localhost:<port>/a/<appId>/<key> (the SDK uses http only for hosts containing "local").
      UPLOADTHING_UFS_HOST: `localhost:${port}`,
      UPLOADTHING_UFS_APP_ID_LOCATION: "path",
      UPLOADTHING_LOG_LEVEL: "Error",
    }),
    async upload(presignedUrl, bytes, name, type) {
      const form = new FormData();
      form.append("file", new File([new Uint8Array(bytes)], name, { type }));
      return fetch(presignedUrl, { method: "PUT", body: form, headers: { Range: "bytes=0-" } });
    },
    sign: (body) => uploadthingSignature(body, apiKey),
    received: (method, path) => requests.filter((r) => r.method === method && r.path === path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
