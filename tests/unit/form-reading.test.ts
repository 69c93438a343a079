/**
 * Reading posted forms (app/forms/read.server.ts): bodies that are not forms are a 400, not a
 * crash; characters no keyboard types are dropped; multipart file names with ";" and "=" survive
 * Remix's parser however the body is split into chunks. And safeRedirect's refusals.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UploadHandler } from "@remix-run/node";
import { safeRedirect } from "~/auth/sign-in.server";
import {
  cleanText,
  MAX_DECLARED_BYTES,
  MAX_FORM_BYTES,
  MAX_TEXT_FIELD_BYTES,
  MAX_UPLOAD_BODY_BYTES,
  MAX_UPLOAD_PARTS,
  readFormData,
  readMultipartFormData,
} from "~/forms/read.server";
import { fileUploadHandler, HARD_LIMIT_BYTES } from "~/forms/upload.server";
import { MAX_UPLOAD_BYTES } from "~/nominations/file-checks.server";
import { plainEnglishError } from "~/forms/validate";
import { z } from "zod";

function post(body: BodyInit | Uint8Array, contentType: string | null, chunkSize?: number): Request {
  const headers = new Headers();
  if (contentType) headers.set("Content-Type", contentType);
  let init: BodyInit | ReadableStream<Uint8Array> = body as BodyInit;
  if (chunkSize) {
    const bytes = body instanceof Uint8Array ? body : new TextEncoder().encode(String(body));
    let at = 0;
    init = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + chunkSize));
        at += chunkSize;
      },
    });
  }
  return new Request("http://localhost/form", { method: "POST", headers, body: init as BodyInit, duplex: "half" } as RequestInit & { duplex: "half" });
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; text: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Response, `a Response is thrown, not ${String(error)}`);
    return { status: error.status, text: await error.text() };
  }
  assert.fail("the form should have been refused");
}

const memory: UploadHandler = async (part) => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of part.data) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  return part.filename !== undefined ? new File([new Uint8Array(bytes)], part.filename, { type: part.contentType }) : bytes.toString("utf8");
};

function multipart(boundary: string, parts: { name: string; filename?: string; type?: string; body: string }[]): Uint8Array {
  const text = parts
    .map((p) => {
      const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}`;
      return `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n${p.body}\r\n`;
    })
    .join("");
  return new TextEncoder().encode(`${text}--${boundary}--\r\n`);
}

describe("reading a posted form", () => {
  it("drops NUL and the other control characters no keyboard types, keeping tabs, line breaks and every script", () => {
    assert.equal(cleanText("a\u0000b\u0007c\u001bd\u007f"), "abcd");
    assert.equal(cleanText("line\r\nnext\tcell"), "line\r\nnext\tcell");
    assert.equal(cleanText("soft\u000bbreak\u000cpage"), "soft\nbreak\npage");
    const kept = "مرحبا \u202Eevil\u202C 👩🏽‍💻 cafe\u0301 zero\u200Bwidth";
    assert.equal(cleanText(kept), kept);
  });

  it("reads urlencoded and multipart forms, cleaned", async () => {
    const form = await readFormData(post("name=caf%C3%A9%00&name=two", "application/x-www-form-urlencoded"));
    assert.deepEqual(form.getAll("name"), ["café", "two"]);
  });

  it("refuses what is not a form with a 400 that says so", async () => {
    for (const [body, type] of [
      ['{"a":1}', "application/json"],
      ["name=x", "multipart/form-data"],
      ["--x\r\nContent-Disp", "multipart/form-data; boundary=x"],
      ["name=x", "text/plain"],
      ["name=x", null],
    ] as const) {
      const { status, text } = await refusal(readFormData(post(body, type)));
      assert.equal(status, 400, `${type}: ${status}`);
      assert.match(text, /could not be read/);
    }
  });

  it("refuses a form bigger than any of ours with a 413, declared or not", async () => {
    const big = `a=${"x".repeat(MAX_FORM_BYTES)}`;
    assert.equal((await refusal(readFormData(post(big, "application/x-www-form-urlencoded")))).status, 413);
    assert.equal((await refusal(readFormData(post(big, "application/x-www-form-urlencoded", 64 * 1024)))).status, 413);
  });

  it("keeps file names with ; and = (which Remix's parser splits on), whatever the chunk sizes", async () => {
    const boundary = "----formboundary7MA4YWxkTrZu0gW";
    const body = multipart(boundary, [
      { name: "caption", body: "A caption; with = signs" },
      { name: "file", filename: "Minutes; March=final.pdf", type: "application/pdf", body: "%PDF-1.4 contents; a=b\r\n\r\nmore" },
      { name: "file2", filename: "%22quoted%22.pdf", type: "application/pdf", body: "x" },
    ]);
    for (const size of [1, 2, 3, 7, 40, 41, 64, 1000, undefined]) {
      const form = await readMultipartFormData(post(body, `multipart/form-data; boundary=${boundary}`, size), memory);
      assert.equal(form.get("caption"), "A caption; with = signs", `chunks of ${size}`);
      const file = form.get("file") as File;
      assert.equal(file.name, "Minutes; March=final.pdf", `chunks of ${size}`);
      assert.equal(Buffer.from(await file.arrayBuffer()).toString(), "%PDF-1.4 contents; a=b\r\n\r\nmore", `chunks of ${size}`);
      assert.equal((form.get("file2") as File).name, '"quoted".pdf');
    }
  });

  it("finding 4: an upload is held to its limits as it arrives: text fields, parts, files only in the file field, the body", async () => {
    const boundary = "----limits";
    const type = `multipart/form-data; boundary=${boundary}`;
    const upload = (parts: Parameters<typeof multipart>[1], limits = {}) =>
      readMultipartFormData(post(multipart(boundary, parts), type, 64 * 1024), fileUploadHandler("file", 1024 * 1024, new Map()), limits);
    const pdf = { name: "file", filename: "r.pdf", type: "application/pdf", body: "%PDF-1.4" };
    // Within them: read.
    const form = await upload([{ name: "caption", body: "c".repeat(MAX_TEXT_FIELD_BYTES) }, pdf]);
    assert.equal((form.get("caption") as string).length, MAX_TEXT_FIELD_BYTES);
    // A text field past its limit, too many parts, a body past the limit without a Content-Length: 413.
    assert.equal((await refusal(upload([{ name: "caption", body: "c".repeat(MAX_TEXT_FIELD_BYTES + 1) }, pdf]))).status, 413);
    assert.equal((await refusal(upload(Array.from({ length: MAX_UPLOAD_PARTS + 1 }, (_, i) => ({ name: `f${i}`, body: "x" }))))).status, 413);
    assert.equal((await refusal(upload([{ ...pdf, body: "x".repeat(300 * 1024) }], { maxBodyBytes: 256 * 1024 }))).status, 413);
    // A file where no file belongs, or a second one: 400.
    assert.equal((await refusal(upload([{ name: "caption", filename: "big.bin", body: "x" }, pdf]))).status, 400);
    assert.equal((await refusal(upload([pdf, pdf]))).status, 400);
  });

  it("the upload limits hold the biggest file a form takes, and the declared-size refusal is the route's", () => {
    // The biggest file (20 MB of evidence) and half a megabyte for the rest of the form and its framing.
    assert.ok(MAX_UPLOAD_BODY_BYTES >= MAX_UPLOAD_BYTES + 512 * 1024);
    assert.equal(HARD_LIMIT_BYTES, MAX_DECLARED_BYTES);
  });

  it("refuses broken multipart with a 400", async () => {
    const { status } = await refusal(
      readMultipartFormData(post('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nunfinished', "multipart/form-data; boundary=x"), memory),
    );
    assert.equal(status, 400);
    assert.equal((await refusal(readMultipartFormData(post("a=b", "application/x-www-form-urlencoded"), memory))).status, 400);
  });
});

describe("plain-English messages for checks that gave none", () => {
  it("a repeated field, a missing one, a number that is not one", () => {
    const schema = z.object({ name: z.string(), count: z.number().int(), pick: z.enum(["a", "b"]) });
    const result = schema.safeParse({ name: ["a", "b"], count: 1.5, pick: "c" });
    assert.ok(!result.success);
    const messages = Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
    assert.deepEqual(messages, {
      name: "This answer was sent more than once: enter it once",
      count: "Enter a whole number",
      pick: "Choose one of the options given",
    });
    assert.equal(z.string().safeParse(undefined).error?.issues[0].message, "Enter an answer");
    assert.equal(typeof plainEnglishError, "function");
    // A check's own message always wins.
    assert.equal(z.string({ error: "Enter the title" }).safeParse(undefined).error?.issues[0].message, "Enter the title");
  });
});

describe("safeRedirect", () => {
  it("refuses anything a browser could read as another site, and encodes the rest for a Location header", () => {
    for (const evil of [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil",
      " /x",
      "https://evil.example",
      "javascript:alert(1)",
      `/${"a".repeat(3000)}`,
    ]) {
      assert.equal(safeRedirect(evil), "/", JSON.stringify(evil.slice(0, 30)));
    }
    assert.equal(safeRedirect("/cycles/x?tab=results#top"), "/cycles/x?tab=results#top");
    assert.equal(safeRedirect("/cycles/مرحبا"), `/cycles/${encodeURIComponent("مرحبا")}`);
  });
});
