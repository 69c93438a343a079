import { generateReactHelpers } from "@uploadthing/react";
import { useRef, useState } from "react";
import type { NominationFileRouter } from "./uploadthing-router.server";
import { useDetailsSaver, type DirectUploadProps, type SubmitEvent } from "./uploadthing-enhancer";

/**
 * The browser half of UploadThing uploads (loaded lazily by uploadthing-enhancer.tsx).
 * UploadThing refusals (too big, wrong type, deadline passed) are shown next to the file
 * field; if UploadThing cannot be reached at all, the form is posted to our own server.
 */

const { useUploadThing } = generateReactHelpers<NominationFileRouter>({ url: "/api/uploadthing" });

export function DirectUploadForm({ nominationId, render }: DirectUploadProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const lastError = useRef<{ code: string; message: string } | null>(null);
  const saveDetails = useDetailsSaver();
  const { startUpload } = useUploadThing("nominationFiles", {
    onUploadError: (e) => {
      lastError.current = { code: e.code, message: e.message };
    },
  });

  const onSubmit = async (event: SubmitEvent) => {
    const form = event.currentTarget;
    const data = new FormData(form);
    const file = data.get("file");
    const kind = data.get("kind");
    // Anything missing: let the server say what, next to the field, as without JavaScript.
    if (!(file instanceof File) || file.size === 0 || (kind !== "photo" && kind !== "evidence")) return;
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    lastError.current = null;
    try {
      const result = await startUpload([file], { nominationId, kind });
      const server = result?.[0]?.serverData;
      if (server?.attachmentId) {
        saveDetails(server.attachmentId, data);
        return;
      }
      if (server?.error) {
        setError(server.error);
        return;
      }
      const failure = lastError.current as { code: string; message: string } | null;
      if (failure && failure.code !== "INTERNAL_CLIENT_ERROR" && failure.code !== "UPLOAD_FAILED") {
        setError(failure.message);
        return;
      }
      // UploadThing unreachable (offline, blocked): post the form to our server instead.
      form.submit();
    } catch {
      form.submit();
    } finally {
      setBusy(false);
    }
  };

  return <>{render((e) => void onSubmit(e), busy, error)}</>;
}
