import { useSubmit } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState, type FormEvent, type FormEventHandler, type ReactNode } from "react";

/**
 * With JavaScript and UPLOADTHING_TOKEN set, the upload form sends the file straight to
 * UploadThing (no trip through our server), then saves the caption, credit and consent
 * through the page's own "update" action. Without JavaScript, before hydration, while
 * UploadThing's client code loads, or when UploadThing cannot be reached, the very same
 * form posts to our server, which stores the file through storage().
 *
 * UploadThing's client code is loaded only when this is used (a separate chunk), so
 * nobody downloads it while the app runs on local disk.
 */

type RenderForm = (onSubmit?: FormEventHandler<HTMLFormElement>, busy?: boolean, clientError?: string) => ReactNode;

const DirectUpload = lazy(() => import("./uploadthing-client").then((m) => ({ default: m.DirectUploadForm })));

export function UploadThingEnhancer({ nominationId, render }: { nominationId: string; render: RenderForm }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return <>{render()}</>;
  return (
    <Suspense fallback={render()}>
      <DirectUpload nominationId={nominationId} render={render} />
    </Suspense>
  );
}

export type DirectUploadProps = { nominationId: string; render: RenderForm };

/** Shared by the client module: after UploadThing has the file, save its details with the page's update action. */
export function useDetailsSaver() {
  const submit = useSubmit();
  return (attachmentId: string, form: FormData) => {
    const details = new FormData();
    details.set("intent", "update");
    details.set("attachmentId", attachmentId);
    details.set(`caption.${attachmentId}`, String(form.get("caption") ?? ""));
    details.set(`credit.${attachmentId}`, String(form.get("credit") ?? ""));
    if (form.get("consentToPublish") === "on") details.set(`consentToPublish.${attachmentId}`, "on");
    submit(details, { method: "post" });
  };
}

export type SubmitEvent = FormEvent<HTMLFormElement>;
