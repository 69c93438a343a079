import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { UTApi } from "uploadthing/server";
import { env } from "~/env.server";
import { writeFileAtomic } from "./atomic.server";

/**
 * One interface for stored files (docs/decisions/0013-file-storage.md): local disk under
 * data/uploads/ by default, UploadThing when UPLOADTHING_TOKEN is set. UploadThing has no
 * local or offline mode, which is why the local backend exists at all.
 *
 * Keys are ours to choose for local files (random, never the user's file name) and
 * UploadThing's own file key for UploadThing: `put` returns the key to keep.
 * The backend a file went to is stored beside its key (Attachment.storageBackend), so a
 * file stays readable after the default changes: read with `storage(row.storageBackend)`.
 */

export type StorageBackend = "local" | "uploadthing";

export type StoredFile = { body: ReadableStream<Uint8Array> | Buffer; contentType?: string; size?: number };

export interface FileStorage {
  backend: StorageBackend;
  /** Stores the bytes. `key` is a fresh key from newStorageKey(); the returned key is the one to keep. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<{ key: string }>;
  /** The file, or null when there is no file under this key. */
  get(key: string): Promise<StoredFile | null>;
  /** Removes the file; removing a file that is not there is not an error. */
  delete(key: string): Promise<void>;
}

export class InvalidStorageKeyError extends Error {
  constructor() {
    super("Invalid storage key");
    this.name = "InvalidStorageKeyError";
  }
}

/** 128 random bits as 32 hex characters: unguessable, and safe as a file name. */
export function newStorageKey(): string {
  return crypto.randomBytes(16).toString("hex");
}

const LOCAL_KEY = /^[0-9a-f]{32}$/;

/** Files under env.uploadsDir (data/uploads unless UPLOADS_DIR says), sharded ab/cd/<key> so no folder grows huge. */
export class LocalDiskStorage implements FileStorage {
  readonly backend = "local" as const;

  constructor(readonly root = env.uploadsDir) {}

  /** Where a key lives. Only keys we make are accepted, so no key can name a path outside root. */
  pathFor(key: string): string {
    if (!LOCAL_KEY.test(key)) throw new InvalidStorageKeyError();
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  /** The content type is not kept on disk: the database row records the checked type. */
  async put(key: string, bytes: Uint8Array, _contentType?: string): Promise<{ key: string }> {
    await writeFileAtomic(this.pathFor(key), bytes);
    return { key };
  }

  async get(key: string): Promise<StoredFile | null> {
    const file = this.pathFor(key);
    let size: number;
    try {
      const stat = await fsp.stat(file);
      if (!stat.isFile()) return null;
      size = stat.size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    const body = Readable.toWeb(fs.createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
    return { body, size };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    await fsp.rm(file, { force: true });
    // Tidy the shard folders when they empty; another file arriving at the same moment just recreates them.
    for (const dir of [path.dirname(file), path.dirname(path.dirname(file))]) {
      try {
        await fsp.rmdir(dir);
      } catch {
        break;
      }
    }
  }
}

/** UploadThing file keys: letters, digits and a few safe marks; anything else is refused before a request is made. */
const UPLOADTHING_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};

/**
 * UploadThing through its server SDK (UTApi). Configuration comes from the environment
 * as UploadThing documents it: UPLOADTHING_TOKEN, and for tests UPLOADTHING_INGEST_URL,
 * UPLOADTHING_API_URL, UPLOADTHING_UFS_HOST and UPLOADTHING_UFS_APP_ID_LOCATION.
 */
export class UploadThingStorage implements FileStorage {
  readonly backend = "uploadthing" as const;
  private readonly options: { token?: string; fetch?: typeof fetch };
  private client: Promise<UTApi> | undefined;

  constructor(options: { token?: string; fetch?: typeof fetch } = {}) {
    this.options = options;
  }

  /** The SDK, loaded on first use: it is large, and processes that only touch local files (the booklet's, the CLI) never need it. */
  private api(): Promise<UTApi> {
    const { token, fetch } = this.options;
    // Only options that are set: an explicit `undefined` must not hide the environment's value.
    this.client ??= import("uploadthing/server").then(({ UTApi }) => new UTApi({ ...(token ? { token } : {}), ...(fetch ? { fetch } : {}) }));
    return this.client;
  }

  static isValidKey(key: string) {
    return UPLOADTHING_KEY.test(key);
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<{ key: string }> {
    // The name UploadThing shows in its dashboard: our random key, never the user's file name.
    const name = `${key}.${EXTENSIONS[contentType] ?? "bin"}`;
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const file = new File([copy], name, { type: contentType });
    const result = await (await this.api()).uploadFiles(file, { contentDisposition: "attachment" });
    if (result.error) throw new Error(`UploadThing refused the upload: ${result.error.message}`);
    return { key: result.data.key };
  }

  async get(key: string): Promise<StoredFile | null> {
    if (!UploadThingStorage.isValidKey(key)) throw new InvalidStorageKeyError();
    // A short-lived signed URL works whether the app's files are public or private.
    const { ufsUrl } = await (await this.api()).generateSignedURL(key, { expiresIn: 120 });
    const response = await fetch(ufsUrl, { redirect: "follow" });
    if (response.status === 404) return null;
    if (!response.ok || !response.body) throw new Error(`UploadThing answered ${response.status} for a stored file`);
    // fetch undoes any content-encoding, after which content-length no longer describes the body.
    const length = response.headers.get("content-encoding") ? NaN : Number(response.headers.get("content-length"));
    return {
      body: response.body as ReadableStream<Uint8Array>,
      contentType: response.headers.get("content-type") ?? undefined,
      size: Number.isFinite(length) && length > 0 ? length : undefined,
    };
  }

  async delete(key: string): Promise<void> {
    if (!UploadThingStorage.isValidKey(key)) throw new InvalidStorageKeyError();
    await (await this.api()).deleteFiles(key);
  }
}

let cached: { local?: LocalDiskStorage; localRoot?: string; uploadthing?: UploadThingStorage; token?: string } = {};

/**
 * The storage to use: the named backend (to read or delete a file stored earlier), or
 * the default for new files: UploadThing when UPLOADTHING_TOKEN is set, else local disk.
 */
export function storage(backend?: StorageBackend): FileStorage {
  const chosen: StorageBackend = backend ?? (env.uploadthingToken ? "uploadthing" : "local");
  if (chosen === "uploadthing") {
    const token = env.uploadthingToken;
    if (!cached.uploadthing || cached.token !== token) cached = { ...cached, uploadthing: new UploadThingStorage(), token };
    return cached.uploadthing!;
  }
  const root = env.uploadsDir;
  if (!cached.local || cached.localRoot !== root) cached = { ...cached, local: new LocalDiskStorage(root), localRoot: root };
  return cached.local!;
}

/** Reads a stored file into memory (for checks and re-encoding; files are at most 20 MB). */
export async function readStoredFile(file: StoredFile, maxBytes = Infinity): Promise<Buffer> {
  if (Buffer.isBuffer(file.body)) return file.body;
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = file.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`Stored file is larger than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
