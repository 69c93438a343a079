import { plural } from "~/utils/text";
import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { flash } from "~/auth/session.server";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { ErrorSummary } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { jobQueue } from "~/jobs/queue.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import {
  CAMPAIGN_DESCRIPTIONS,
  CAMPAIGN_KINDS,
  CAMPAIGN_LABELS,
  CampaignError,
  campaignBlocker,
  campaignLog,
  isCampaignKind,
  sendUnderWay,
  planCampaign,
  enqueueSend,
  resendFailed,
  sendFailure,
  unfinishedSend,
  wholeProgress,
  type CampaignKind,
} from "~/mail/campaigns.server";
import { partnersTold, type ToldRow } from "~/mail/corrections.server";
import { isEmailTemplateName, renderEmail, TEMPLATE_LABELS } from "~/mail/templates.server";
import adminStyles from "~/styles/admin.css";
import { formatUkDateTime } from "~/utils/time";
import { requireOrganiser } from "~/http/guards.server";

/**
 * Organisers send the cycle's bulk emails (results, ceremony invitation, judging reminder):
 * pick a message, see who will get what and preview any one, send after confirming, watch
 * the progress, then read the log and re-send any that failed. Everything goes through the
 * outbox (app/mail/campaigns.server.ts, docs/decisions/0012-email-outbox.md).
 */

export const handle: AdminHandle = { adminSection: "emails" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.selected ? `${data.selected.label} emails` : "Emails"}: ${data.cycle.name} - Compact Awards` : "Compact Awards" },
];

const STATUS_LABELS: Record<string, { label: string; tag: string }> = {
  none: { label: "Not sent yet", tag: "tag--grey" },
  queued: { label: "Waiting to send", tag: "tag--yellow" },
  sending: { label: "Sending", tag: "tag--yellow" },
  sent: { label: "Sent", tag: "tag--green" },
  failed: { label: "Failed", tag: "tag--red" },
};

function emailsPath(slug: string, kind?: CampaignKind | null, extra?: Record<string, string>) {
  const params = new URLSearchParams(kind ? { kind, ...extra } : extra);
  const query = params.toString();
  return `${adminPath(slug, "emails")}${query ? `?${query}` : ""}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const url = new URL(request.url);
  const kindParam = url.searchParams.get("kind");
  const kind = isCampaignKind(kindParam) ? kindParam : null;
  const base = {
    cycle: { slug: cycle.slug, name: cycle.name },
    kinds: CAMPAIGN_KINDS.map((k) => ({ kind: k, label: CAMPAIGN_LABELS[k], description: CAMPAIGN_DESCRIPTIONS[k] })),
  };
  if (!kind) return json({ ...base, selected: null }, { headers: { "Cache-Control": "no-store" } });

  const showsTold = kind === "results" || kind === "results-correction";
  const [plan, log, open, told] = await Promise.all([
    planCampaign(prisma, cycle, kind),
    campaignLog(prisma, cycle.id, kind),
    unfinishedSend(prisma, cycle.id, kind),
    showsTold ? partnersTold(prisma, cycle.id) : Promise.resolve([] as ToldRow[]),
  ]);
  const storedByKey = new Map(log.map((m) => [m.idempotencyKey, m]));
  const recipients = plan.map((r) => {
    const stored = storedByKey.get(r.idempotencyKey);
    return {
      key: r.idempotencyKey,
      to: r.to,
      toName: r.toName,
      // What a stored email says, which an outcome changed since does not change.
      template: stored && isEmailTemplateName(stored.template) ? TEMPLATE_LABELS[stored.template] : TEMPLATE_LABELS[r.template],
      nominationTitle: r.nominationTitle,
      status: stored?.status ?? "none",
    };
  });
  // Under way on this server or another (its stored hold on the send), so every server's page agrees.
  const active = await sendUnderWay(prisma, cycle.id, kind);
  const pending = recipients.filter((r) => r.status === "none" || r.status === "queued" || r.status === "sending").length;
  // The whole campaign, every planned email, not only the ones stored so far (issue 19, item 9).
  const progress = wholeProgress(
    recipients.map((r) => r.status),
    active || !!open,
  );

  // The preview: the recipient asked for, else the first one.
  const previewKey = url.searchParams.get("preview");
  const chosen = plan.find((r) => r.idempotencyKey === previewKey) ?? plan[0] ?? null;
  let preview = null;
  if (chosen) {
    const rendered = await renderEmail(chosen.template, chosen.props);
    preview = {
      key: chosen.idempotencyKey,
      to: chosen.to,
      toName: chosen.toName,
      template: TEMPLATE_LABELS[chosen.template],
      nominationTitle: chosen.nominationTitle,
      subject: rendered.subject,
      text: rendered.text,
      attachments: (chosen.attachments ?? []).map((a) => a.filename),
      src: `${adminPath(cycle.slug, "emails")}/preview?${new URLSearchParams({ kind, key: chosen.idempotencyKey })}`,
    };
  }

  return json(
    {
      ...base,
      selected: {
        kind,
        label: CAMPAIGN_LABELS[kind],
        description: CAMPAIGN_DESCRIPTIONS[kind],
        blocker: campaignBlocker(cycle, kind),
        resultsSentAt: kind === "results" ? cycle.resultsSentAt : null,
        recipients,
        pending,
        active,
        failure: active ? null : await sendFailure(prisma, jobQueue(), cycle.id, kind),
        confirm: url.searchParams.get("confirm") === "1" && pending > 0 && !active,
        progress,
        unfinished: open ? { since: open.createdAt.toISOString(), planned: open.planned } : null,
        told: told.map((t) => ({ ...t })),
        preview,
        log: log.map((m) => ({
          id: m.id,
          toEmail: m.toEmail,
          toName: m.toName,
          template: isEmailTemplateName(m.template) ? TEMPLATE_LABELS[m.template] : m.template,
          nominationTitle: m.nomination?.title ?? null,
          status: m.status,
          when: m.sentAt ?? m.createdAt,
          providerId: m.providerId,
          lastError: m.lastError,
          attempts: m.attempts,
        })),
      },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** Made inside the action: the campaign list lives in a server module the browser never loads. */
function actionSchema() {
  return z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("send"),
      kind: z.enum(CAMPAIGN_KINDS),
      count: z.coerce.number().int().min(1),
    }),
    z.object({
      intent: z.literal("resend"),
      kind: z.enum(CAMPAIGN_KINDS),
      messageId: z.string().min(1).max(100),
    }),
  ]);
}

type ActionData = { errors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(actionSchema(), await readFormData(request));
  if (!form.ok) {
    return json<ActionData>({ errors: { form: "Something went wrong with that button. Reload the page and try again." } }, { status: 400 });
  }
  const input = form.data;
  try {
    if (input.intent === "send") {
      const blocker = campaignBlocker(cycle, input.kind);
      if (blocker) return json<ActionData>({ errors: { form: blocker } }, { status: 400 });
      if (await sendUnderWay(prisma, cycle.id, input.kind)) {
        const cookie = await flash(request, "These emails are already being sent.");
        return redirect(emailsPath(cycle.slug, input.kind), { headers: { "Set-Cookie": cookie } });
      }
      // Send what the organiser saw: if the list changed since, they confirm the new number.
      const plan = await planCampaign(prisma, cycle, input.kind);
      const known = await prisma.emailMessage.findMany({
        where: { idempotencyKey: { in: plan.map((r) => r.idempotencyKey) }, status: { in: ["sent", "failed"] } },
        select: { idempotencyKey: true },
      });
      const pending = plan.length - known.length;
      if (pending !== input.count) {
        return json<ActionData>(
          {
            errors: {
              form:
                pending === 0
                  ? "There is nothing left to send: every email of this message has been sent or is in the log."
                  : `The list has changed since you checked it: there are now ${pending} emails to send. Check the list, then send again.`,
            },
          },
          { status: 409 },
        );
      }
      await enqueueSend(prisma, jobQueue(), actor, cycle, input.kind, { planned: plan.length });
      const cookie = await flash(request, `Sending ${pending} ${pending === 1 ? "email" : "emails"}. You can leave this page: sending carries on.`);
      return redirect(emailsPath(cycle.slug, input.kind), { headers: { "Set-Cookie": cookie } });
    }
    const message = await prisma.emailMessage.findFirst({ where: { id: input.messageId, cycleId: cycle.id }, select: { toEmail: true } });
    await resendFailed(prisma, actor, cycle.id, input.kind, input.messageId);
    const cookie = await flash(request, `Re-sending the email to ${message?.toEmail ?? "that person"}.`);
    return redirect(emailsPath(cycle.slug, input.kind), { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof CampaignError) return json<ActionData>({ errors: { form: error.message } }, { status: 400 });
    throw error;
  }
}

function StatusTag({ status }: { status: string }) {
  const s = STATUS_LABELS[status] ?? { label: status, tag: "tag--grey" };
  return <span className={`tag ${s.tag}`}>{s.label}</span>;
}

export default function Emails() {
  const { cycle, kinds, selected } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const revalidator = useRevalidator();
  const active = !!selected?.active;

  // With JavaScript, the progress updates itself every second while the emails go out.
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => window.clearInterval(timer);
  }, [active, revalidator]);

  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      <h1>{selected ? `${selected.label} emails` : "Emails"}</h1>
      <p>Send one message to everyone it concerns. Every email is stored before it is sent and is never sent twice.</p>

      <nav aria-labelledby="choose-message">
        <h2 id="choose-message">Choose a message</h2>
        <ul className="card-list">
          {kinds.map((k) => (
            <li className="card" key={k.kind}>
              <h3>
                <Link to={emailsPath(cycle.slug, k.kind)} aria-current={selected?.kind === k.kind ? "page" : undefined}>
                  {k.label}
                </Link>
              </h3>
              <p className="small">{k.description}</p>
            </li>
          ))}
        </ul>
      </nav>

      {selected ? <Campaign slug={cycle.slug} selected={selected} busy={busy} /> : null}
    </>
  );
}

type Selected = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["selected"]>;

function Campaign({ slug, selected, busy }: { slug: string; selected: Selected; busy: boolean }) {
  const { kind, progress, recipients, pending, active, blocker, preview, log } = selected;
  const here = emailsPath(slug, kind);
  return (
    <>
      {blocker ? (
        <div className="warning">
          <p>
            <strong>You cannot send these emails yet.</strong> {blocker}
          </p>
        </div>
      ) : null}

      <section aria-labelledby="progress-title" id="progress">
        <h2 id="progress-title">Sending</h2>
        {active ? (
          <>
            {/* Without JavaScript the page reloads itself every 2 seconds while sending (and never otherwise). */}
            <noscript>
              <meta httpEquiv="refresh" content="2" />
            </noscript>
            <div className="panel panel--highlight" role="status">
              <p>
                <strong>
                  Sending: {progress.sent} of {progress.total} sent
                </strong>
                {progress.failed ? `, ${progress.failed} failed` : ""}
                {progress.queued + progress.sending ? `, ${progress.queued + progress.sending} waiting` : ""}.
              </p>
              <progress value={progress.sent + progress.failed} max={Math.max(progress.total, 1)} aria-label="Emails sent so far" />
            </div>
            <p>
              You can leave this page: sending carries on, and carries on by itself if the server restarts. <Link to={here}>Refresh the progress</Link>
            </p>
          </>
        ) : progress.total > progress.notSent ? (
          <div className="panel" role="status">
            <p>
              <strong>
                {progress.sent} of {progress.total} sent
              </strong>
              {progress.failed ? `, ${progress.failed} failed: re-send them from the log below` : ""}
              {progress.queued + progress.sending ? `, ${progress.queued + progress.sending} waiting` : ""}
              {progress.notSent ? `, ${progress.notSent} not sent yet` : ""}.
            </p>
          </div>
        ) : (
          <p>None of these emails has been sent yet.</p>
        )}
        {progress.total > 0 ? (
          <dl className="summary-list progress-counts">
            <dt>Emails in this message</dt>
            <dd>{progress.total}</dd>
            <dt>Waiting to send</dt>
            <dd>{progress.queued + progress.sending}</dd>
            <dt>Sent</dt>
            <dd>{progress.sent}</dd>
            <dt>Failed</dt>
            <dd>{progress.failed}</dd>
            {progress.notSent ? (
              <>
                <dt>Not sent yet</dt>
                <dd>{progress.notSent}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
        {selected.unfinished && !active ? (
          <p className="warning">
            A send started on {formatUkDateTime(new Date(selected.unfinished.since))} has not finished. It carries on by itself when the server starts; you can
            also send again now. Nothing already sent is sent twice.
          </p>
        ) : null}
        {selected.failure ? (
          <p className="warning">Sending stopped because of a problem: {selected.failure}. Send again to carry on; nothing already sent is sent twice.</p>
        ) : null}
        {selected.resultsSentAt ? <p>The results were marked as sent on {formatUkDateTime(new Date(selected.resultsSentAt))}.</p> : null}

        {!blocker && !active && pending > 0 ? (
          selected.confirm ? (
            <div className="panel panel--highlight" id="confirm">
              <h3>
                You are about to send {plural(pending, "email", "emails")}. Send {pending === 1 ? "it" : "them"}?
              </h3>
              <p>
                {selected.label} emails to {plural(pending, "recipient", "recipients")}, as listed below. Emails already sent are not sent again.
              </p>
              <Form method="post" action={here} className="button-group">
                <input type="hidden" name="intent" value="send" />
                <input type="hidden" name="kind" value={kind} />
                <input type="hidden" name="count" value={pending} />
                <button type="submit" className="button" disabled={busy}>
                  {busy ? "Starting…" : `Yes, send ${plural(pending, "email", "emails")}`}
                </button>
                <Link to={here}>No, go back</Link>
              </Form>
            </div>
          ) : (
            <Form method="get" action={adminPath(slug, "emails")}>
              <input type="hidden" name="kind" value={kind} />
              <input type="hidden" name="confirm" value="1" />
              <button type="submit" className="button">
                Send {plural(pending, "email", "emails")}
              </button>
            </Form>
          )
        ) : null}
        {!blocker && !active && pending === 0 && recipients.length > 0 ? <p>Every email on the list below has been sent or is in the log.</p> : null}
      </section>

      {selected.told.length ? <Told rows={selected.told} /> : null}

      <section aria-labelledby="recipients-title">
        <h2 id="recipients-title">Who will get what</h2>
        {recipients.length === 0 ? (
          <p>There is no one to send this message to.</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="recipients-caption" tabIndex={0}>
            <DataTable
              caption={<>{plural(recipients.length, "email", "emails")}: one row each</>}
              captionId="recipients-caption"
              columns={["Recipient", "Email", "Nomination", "Status", "Preview"]}
            >
              {recipients.map((r) => (
                <tr key={r.key}>
                  <td>
                    {r.toName ? (
                      <>
                        {r.toName}
                        <br />
                      </>
                    ) : null}
                    <span className="small">{r.to}</span>
                  </td>
                  <td>{r.template}</td>
                  <td>{r.nominationTitle ?? "—"}</td>
                  <td>
                    <StatusTag status={r.status} />
                  </td>
                  <td>
                    <Link
                      to={`${emailsPath(slug, kind, { preview: r.key })}#preview`}
                      aria-current={preview?.key === r.key ? "true" : undefined}
                      preventScrollReset
                    >
                      Preview
                      <span className="visually-hidden">
                        {" "}
                        the email to {r.to}
                        {r.nominationTitle ? ` about ${r.nominationTitle}` : ""}
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </section>

      {preview ? (
        <section aria-labelledby="preview-title" id="preview">
          <h2 id="preview-title">Preview</h2>
          <dl className="summary-list">
            <dt>To</dt>
            <dd>{preview.toName ? `${preview.toName} <${preview.to}>` : preview.to}</dd>
            <dt>Subject</dt>
            <dd>{preview.subject}</dd>
            <dt>Email</dt>
            <dd>{preview.template}</dd>
            {preview.nominationTitle ? (
              <>
                <dt>Nomination</dt>
                <dd>{preview.nominationTitle}</dd>
              </>
            ) : null}
            {preview.attachments.length ? (
              <>
                <dt>Attachments</dt>
                <dd>{preview.attachments.join(", ")}</dd>
              </>
            ) : null}
          </dl>
          <iframe className="mail-body" title={`Preview of the email: ${preview.subject}`} src={preview.src} sandbox="allow-scripts" />
          <details>
            <summary>Plain-text version</summary>
            <pre className="mail-text">{preview.text}</pre>
          </details>
        </section>
      ) : null}

      {log.length ? (
        <section aria-labelledby="log-title" id="log">
          <h2 id="log-title">Log</h2>
          <div className="table-wrap" role="region" aria-labelledby="log-caption" tabIndex={0}>
            <DataTable
              caption={<>Every {selected.label.toLowerCase()} email stored for this cycle, oldest first</>}
              captionId="log-caption"
              columns={["Recipient", "Status", "When", "Provider id", "Error", "Action"]}
            >
              {log.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.toEmail}
                    <br />
                    <span className="small">
                      {m.template}
                      {m.nominationTitle ? `: ${m.nominationTitle}` : ""}
                    </span>
                  </td>
                  <td>
                    <StatusTag status={m.status} />
                  </td>
                  <td>{formatUkDateTime(new Date(m.when))}</td>
                  <td className="small">{m.providerId ?? "—"}</td>
                  <td className="small">{m.lastError ? `${m.lastError} (after ${plural(m.attempts, "attempt", "attempts")})` : "—"}</td>
                  <td>
                    {m.status === "failed" ? (
                      <Form method="post" action={here}>
                        <input type="hidden" name="intent" value="resend" />
                        <input type="hidden" name="kind" value={kind} />
                        <input type="hidden" name="messageId" value={m.id} />
                        <button type="submit" className="button button--secondary button--small" disabled={busy}>
                          Re-send<span className="visually-hidden"> to {m.toEmail}</span>
                        </button>
                      </Form>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        </section>
      ) : null}
    </>
  );
}

const TOLD_STATES: Record<ToldRow["state"], { label: string; tag: string }> = {
  "up-to-date": { label: "Told the outcome now", tag: "tag--green" },
  "correction-needed": { label: "Correction to send", tag: "tag--red" },
  "correction-waiting": { label: "Correction waiting to send", tag: "tag--yellow" },
  "correction-failed": { label: "Correction failed", tag: "tag--red" },
  "not-told": { label: "Not told yet", tag: "tag--grey" },
};

/** Which partners were told what: per partner contact, the outcome told, when, and the outcome now. */
function Told({ rows }: { rows: Selected["told"] }) {
  const needing = rows.filter((r) => r.state === "correction-needed").length;
  return (
    <section aria-labelledby="told-title" id="told">
      <h2 id="told-title">Who was told what</h2>
      <p>
        {needing === 0
          ? "Every partner who has been told has been told the outcome as it is now."
          : `${plural(needing, "partner contact was", "partner contacts were")} told an outcome that has changed since: send them the results corrections.`}
      </p>
      <div className="table-wrap" role="region" aria-labelledby="told-caption" tabIndex={0}>
        <DataTable
          caption={<>{plural(rows.length, "partner contact", "partner contacts")} of the decided nominations</>}
          captionId="told-caption"
          columns={["Nomination", "Partner contact", "Told", "When", "Outcome now", "Status"]}
        >
          {rows.map((r) => (
            <tr key={`${r.nominationId}:${r.email}`}>
              <td>{r.nominationTitle}</td>
              <td>
                {r.name ? (
                  <>
                    {r.name}
                    <br />
                  </>
                ) : null}
                <span className="small">{r.email}</span>
              </td>
              <td>{r.told ? r.told.outcome : "—"}</td>
              <td>{r.told ? formatUkDateTime(new Date(r.told.at)) : "—"}</td>
              <td>{r.current}</td>
              <td>
                <span className={`tag ${TOLD_STATES[r.state].tag}`}>{TOLD_STATES[r.state].label}</span>
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}
