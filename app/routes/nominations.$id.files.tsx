import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, MaxPartSizeExceededError, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { Checkbox, ErrorSummary, FileField, Radios, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { env } from "~/env.server";
import { readFormData, readMultipartFormData } from "~/forms/read.server";
import { fileUploadHandler, HARD_LIMIT_BYTES } from "~/forms/upload.server";
import { parseForm, SENT_TWICE_MESSAGE } from "~/forms/validate";
import { z } from "zod";
import {
  addAttachment,
  checkUploadFields,
  listAttachments,
  removeAttachment,
  updateAttachmentDetails,
  type AttachmentErrors,
} from "~/nominations/attachments.server";
// Server-only: used by the loader and action, never by the component (the browser gets an empty module).
import { FILE_LIMITS, formatSize, isFileKind, KIND_LABELS, MAX_UPLOAD_BYTES, tooBigMessage } from "~/nominations/file-checks.server";
import { NEXT_SECTION, nominationHeader } from "~/nominations/pages.server";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { UploadThingEnhancer } from "~/storage/uploadthing-enhancer";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Photos and evidence" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Photos and evidence - ${data?.header.title ?? "Your nomination"} - Compact Awards` }];

/** A little over the biggest file we accept, for the other fields and the multipart framing. */
const MAX_PART_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

const ACCEPT =
  "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n } = await requireEditableNomination(request, params.id);
  const header = nominationHeader(n);
  const attachments = await listAttachments(prisma, n.id);
  return json({
    header,
    canEdit: !header.refusal,
    attachments: attachments.map((a) => ({
      ...a,
      kindLabel: KIND_LABELS[a.kind as keyof typeof KIND_LABELS] ?? a.kind,
      sizeLabel: formatSize(a.size),
      createdAt: a.createdAt.toISOString(),
    })),
    limits: {
      files: FILE_LIMITS.filesPerNomination,
      photo: formatSize(FILE_LIMITS.photoBytes),
      evidence: formatSize(FILE_LIMITS.evidenceBytes),
    },
    nextSection: NEXT_SECTION.files ?? "",
    uploadthing: !!env.uploadthingToken,
  });
}

type ActionData = {
  intent: "upload" | "update" | "remove";
  attachmentId?: string;
  errors: AttachmentErrors;
  values: Record<string, string | string[]>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const back = `/nominations/${n.id}/files`;
  const isMultipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");

  if (!isMultipart) {
    // A file's details are posted under its own names ("caption.<id>"): read as one change.
    const form = parseForm(changeSchema, await readFormData(request), (v) => {
      const id = typeof v.attachmentId === "string" ? v.attachmentId : "";
      return { ...v, caption: v[`caption.${id}`], credit: v[`credit.${id}`], consentToPublish: v[`consentToPublish.${id}`] };
    });
    const { values } = form;
    const intent = String(values.intent ?? "");
    const attachmentId = String(values.attachmentId ?? "");
    if (!form.ok) {
      const { intent: _intent, attachmentId: _id, ...fieldErrors } = form.errors;
      if (intent !== "update" && intent !== "remove")
        return json<ActionData>({ intent: "upload", errors: { form: "Choose a file to upload." }, values }, { status: 400 });
      const errors: AttachmentErrors = Object.keys(fieldErrors).length
        ? fieldErrors
        : { form: "That file is not part of this nomination. It may have been removed." };
      return json<ActionData>({ intent, attachmentId, errors, values }, { status: 400 });
    }
    const change = form.data;
    if (change.intent === "update") {
      const result = await updateAttachmentDetails(prisma, actor, {
        nominationId: n.id,
        attachmentId: change.attachmentId,
        caption: change.caption,
        credit: change.credit,
        consentToPublish: change.consentToPublish,
      });
      if (!result.ok) return json<ActionData>({ intent: "update", attachmentId, errors: result.errors, values }, { status: 400 });
      return redirect(back, { headers: { "Set-Cookie": await flash(request, "Your changes have been saved.") } });
    }
    const result = await removeAttachment(prisma, actor, { nominationId: n.id, attachmentId: change.attachmentId });
    if (!result.ok) return json<ActionData>({ intent: "remove", attachmentId, errors: result.errors, values }, { status: 400 });
    return redirect(back, { headers: { "Set-Cookie": await flash(request, `“${result.attachment.fileName}” has been removed.`) } });
  }

  // An upload. Refuse absurd sizes before reading anything.
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > HARD_LIMIT_BYTES) {
    return json<ActionData>({ intent: "upload", errors: { file: tooBigMessage(declared) }, values: {} }, { status: 413 });
  }
  const oversized = new Map<string, number>();
  let formData: FormData;
  try {
    formData = await readMultipartFormData(request, fileUploadHandler("file", MAX_PART_BYTES, oversized));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return json<ActionData>({ intent: "upload", errors: { file: tooBigMessage(undefined) }, values: {} }, { status: 413 });
    }
    throw error;
  }
  const form = parseForm(uploadSchema, formData);
  const { values } = form;
  const fields = {
    kind: values.kind,
    caption: form.ok ? form.data.caption : oneOrEmpty(values.caption),
    credit: form.ok ? form.data.credit : oneOrEmpty(values.credit),
    consentToPublish: values.consentToPublish === "on",
  };
  if (!form.ok) return json<ActionData>({ intent: "upload", errors: { ...checkUploadFields(fields).errors, ...form.errors }, values }, { status: 400 });
  const file = formData.get("file");
  const tooBig = oversized.get("file");
  if (tooBig !== undefined || !(file instanceof File) || (file.size === 0 && !file.name)) {
    // No usable file: say so, with anything else wrong in the same breath.
    const errors: AttachmentErrors = { ...checkUploadFields(fields).errors };
    errors.file =
      tooBig !== undefined
        ? isFileKind(fields.kind)
          ? `The file is ${formatSize(tooBig)}. ${fields.kind === "photo" ? `Photos must be ${formatSize(FILE_LIMITS.photoBytes)}` : `Evidence files must be ${formatSize(FILE_LIMITS.evidenceBytes)}`} or smaller.`
          : tooBigMessage(tooBig)
        : "Choose a file to upload";
    return json<ActionData>({ intent: "upload", errors, values }, { status: tooBig !== undefined ? 413 : 400 });
  }
  const result = await addAttachment(prisma, actor, {
    nominationId: n.id,
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    ...fields,
  });
  if (!result.ok) return json<ActionData>({ intent: "upload", errors: result.errors, values }, { status: 400 });
  return redirect(back, { headers: { "Set-Cookie": await flash(request, `“${result.attachment.fileName}” has been uploaded.`) } });
}

/** One text field, as typed; "" when it came more than once (the schema has said so). */
function oneOrEmpty(value: string | string[] | undefined): string {
  return typeof value === "string" ? value : "";
}

/** Sent more than once, a value stored as "a,b" would not be what anyone typed. */
const oneText = z.string({ error: SENT_TWICE_MESSAGE }).optional().default("");

/** The other fields of an upload: the file's own checks are the domain's (addAttachment). */
const uploadSchema = z.object({ caption: oneText, credit: oneText });

/** Changing a file already uploaded: its details, or removing it. */
const changeSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    attachmentId: z.string().min(1),
    caption: oneText,
    credit: oneText,
    consentToPublish: z.unknown().transform((v) => v === "on"),
  }),
  z.object({ intent: z.literal("remove"), attachmentId: z.string().min(1) }),
]);

const FIELD_LABELS: Record<string, string> = {
  file: "File",
  kind: "Kind of file",
  caption: "Caption",
  credit: "Photo credit",
  consentToPublish: "Consent to publish",
};

export default function FilesPage() {
  const { header, canEdit, attachments, limits, nextSection, uploadthing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";

  // Errors in the summary link to the field they belong to (update forms name theirs per file).
  const summaryErrors: Record<string, string> = {};
  if (actionData) {
    for (const [field, message] of Object.entries(actionData.errors)) {
      if (!message) continue;
      const key = actionData.intent === "update" && field !== "form" ? `${field}.${actionData.attachmentId}` : field;
      summaryErrors[key] = message;
    }
  }
  const uploadErrors = actionData?.intent === "upload" ? actionData.errors : undefined;
  const uploadValues = actionData?.intent === "upload" ? actionData.values : undefined;
  const full = attachments.length >= limits.files;

  return (
    <SectionPage header={header} heading="Photos and evidence" showRefusal={false}>
      <ErrorSummary errors={summaryErrors} labels={FIELD_LABELS} />
      <p>
        Add up to {limits.files} files: photos of the work (JPEG, PNG or WebP, up to {limits.photo} each) and evidence such as a report or letters of support
        (PDF or Word .docx, up to {limits.evidence} each). Photos are optional, but they bring a case study to life.
      </p>
      <p className="hint">We check every file, and remove location and camera details from photos before we keep them.</p>
      {header.refusal ? (
        <div className="warning" role="status">
          <p style={{ margin: 0 }}>{header.refusal}</p>
        </div>
      ) : null}

      <h2>
        Your files{" "}
        <span className="muted small">
          ({attachments.length} of {limits.files})
        </span>
      </h2>
      {attachments.length === 0 ? <p className="muted">No files yet.</p> : null}
      {attachments.length > 0 ? (
        <ul className="file-list" style={{ listStyle: "none", padding: 0 }}>
          {attachments.map((a) => (
            <li key={a.id} className="panel" id={`file-${a.id}`}>
              <AttachmentItem attachment={a} canEdit={canEdit} actionData={actionData?.attachmentId === a.id ? actionData : undefined} />
            </li>
          ))}
        </ul>
      ) : null}

      {canEdit && !full ? (
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">Add a file</h2>
          <UploadForm
            key={attachments.length}
            nominationId={header.id}
            errors={uploadErrors}
            values={uploadValues}
            uploading={uploading}
            uploadthing={uploadthing}
          />
        </section>
      ) : null}
      {canEdit && full ? <p className="warning">This nomination has {limits.files} files, the most it can have. Remove a file to add another.</p> : null}

      <div className="button-group">
        {canEdit && nextSection ? (
          <Link to={`/nominations/${header.id}/${nextSection}`} className="button">
            Continue
          </Link>
        ) : null}
        <Link to={`/nominations/${header.id}`}>Back to the nomination</Link>
      </div>
    </SectionPage>
  );
}

type Attachment = ReturnType<typeof useLoaderData<typeof loader>>["attachments"][number];

function AttachmentItem({ attachment: a, canEdit, actionData }: { attachment: Attachment; canEdit: boolean; actionData?: ActionData }) {
  const isPhoto = a.kind === "photo";
  const errors = actionData?.intent === "update" ? actionData.errors : undefined;
  const values = actionData?.intent === "update" ? actionData.values : undefined;
  const formError = actionData?.errors.form;
  const n = (field: string) => `${field}.${a.id}`;
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: "1rem", alignItems: "flex-start" }}>
      {isPhoto ? (
        <a href={`/files/${a.id}`} style={{ flex: "0 0 auto" }}>
          <img
            src={`/files/${a.id}`}
            alt={a.caption ? `Photo: ${a.caption}` : `Photo: ${a.fileName}`}
            width={160}
            height={a.width && a.height ? Math.round((160 * a.height) / a.width) : undefined}
            loading="lazy"
            style={{ maxWidth: "160px", height: "auto", border: "1px solid #b1b4b6" }}
          />
        </a>
      ) : null}
      <div style={{ flex: "1 1 18rem", minWidth: 0 }}>
        <h3 style={{ marginTop: 0, overflowWrap: "anywhere" }}>
          <a href={`/files/${a.id}`}>
            {a.fileName}
            <span className="visually-hidden"> (open the file)</span>
          </a>
        </h3>
        <p className="muted small">
          {a.kindLabel}, {a.sizeLabel}
          {a.width && a.height ? `, ${a.width} × ${a.height} pixels` : ""}
        </p>
        {formError ? (
          <p className="error-message" role="alert">
            <span className="visually-hidden">Error: </span>
            {formError}
          </p>
        ) : null}
        {canEdit ? (
          <>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="attachmentId" value={a.id} />
              <TextField
                name={n("caption")}
                label={
                  <>
                    Caption{isPhoto ? "" : " or description"} <span className="visually-hidden">for {a.fileName}</span>
                  </>
                }
                hint={isPhoto ? "What the photo shows, in a sentence." : undefined}
                error={errors?.caption}
                defaultValue={valueOf(values, n("caption"), a.caption)}
              />
              {isPhoto ? (
                <>
                  <TextField
                    name={n("credit")}
                    label={
                      <>
                        Photo credit <span className="visually-hidden">for {a.fileName}</span>
                      </>
                    }
                    hint="Who took the photo, as it should be printed."
                    error={errors?.credit}
                    width="half"
                    defaultValue={valueOf(values, n("credit"), a.credit)}
                  />
                  <Checkbox
                    name={n("consentToPublish")}
                    label={
                      <>
                        Everyone in this photo, and whoever took it, agrees to it being published <span className="visually-hidden">({a.fileName})</span>
                      </>
                    }
                    hint="Only photos with consent appear in the results, the press release or the booklet."
                    error={errors?.consentToPublish}
                    defaultChecked={values ? values[n("consentToPublish")] === "on" : a.consentToPublish}
                  />
                </>
              ) : null}
              <button type="submit" className="button button--secondary">
                Save<span className="visually-hidden"> details of {a.fileName}</span>
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="attachmentId" value={a.id} />
              <button type="submit" className="button button--warning">
                Remove<span className="visually-hidden"> {a.fileName}</span>
              </button>
            </Form>
          </>
        ) : (
          <dl className="summary-list">
            <dt>Caption</dt>
            <dd>{a.caption || "None"}</dd>
            {isPhoto ? (
              <>
                <dt>Photo credit</dt>
                <dd>{a.credit || "None"}</dd>
                <dt>Consent to publish</dt>
                <dd>{a.consentToPublish ? "Yes" : "No"}</dd>
              </>
            ) : null}
          </dl>
        )}
      </div>
    </div>
  );
}

function UploadForm({
  nominationId,
  errors,
  values,
  uploading,
  uploadthing,
}: {
  nominationId: string;
  errors?: AttachmentErrors;
  values?: Record<string, string | string[]>;
  uploading: boolean;
  uploadthing: boolean;
}) {
  const form = (onSubmit?: React.FormEventHandler<HTMLFormElement>, busy?: boolean, clientError?: string) => (
    <Form method="post" encType="multipart/form-data" noValidate onSubmit={onSubmit}>
      <input type="hidden" name="intent" value="upload" />
      <FileField
        name="file"
        label="Choose a file"
        hint="A JPEG, PNG or WebP photo, or a PDF or Word (.docx) document."
        error={clientError ?? errors?.file}
        accept={ACCEPT}
      />
      <Radios
        name="kind"
        legend="What kind of file is it?"
        error={errors?.kind}
        defaultValue={valueOf(values, "kind")}
        options={[
          { value: "photo", label: "A photo", hint: "JPEG, PNG or WebP, up to 10 MB" },
          { value: "evidence", label: "Evidence", hint: "PDF or Word (.docx), up to 20 MB" },
        ]}
      />
      <TextField
        name="caption"
        label="Caption (optional)"
        hint="What the photo or document shows, in a sentence."
        error={errors?.caption}
        defaultValue={valueOf(values, "caption")}
      />
      <TextField
        name="credit"
        label="Photo credit (optional)"
        hint="For photos: who took it, as it should be printed."
        error={errors?.credit}
        width="half"
        defaultValue={valueOf(values, "credit")}
      />
      <Checkbox
        name="consentToPublish"
        label="For photos: everyone in it, and whoever took it, agrees to it being published"
        hint="Only photos with consent appear in the results, the press release or the booklet."
        error={errors?.consentToPublish}
        defaultChecked={valueOf(values, "consentToPublish") === "on"}
      />
      <button type="submit" className="button" disabled={uploading || busy} aria-disabled={uploading || busy || undefined}>
        {uploading || busy ? "Uploading…" : "Upload"}
      </button>
    </Form>
  );
  // With JavaScript and UploadThing configured, files go straight to UploadThing; the
  // plain form (posting to this page) is what everyone else gets, and the fallback.
  return uploadthing ? <UploadThingEnhancer nominationId={nominationId} render={form} /> : form();
}
