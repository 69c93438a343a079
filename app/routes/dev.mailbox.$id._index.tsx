import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { prisma } from "~/db/client.server";
import { formatUkDateTime } from "~/utils/time";
import { notFound } from "~/http/responses.server";
import { requireLocalMailbox } from "~/http/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.message.subject ?? "Email"} - Local mailbox` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  requireLocalMailbox(request);
  const message = await prisma.localMailboxMessage.findUnique({
    where: { id: params.id },
    select: { id: true, toEmail: true, toName: true, fromEmail: true, subject: true, text: true, template: true, deliveredAt: true, attachments: true },
  });
  if (!message) throw notFound();
  const attachments = message.attachments ? (JSON.parse(message.attachments) as { filename: string }[]).map((a) => a.filename) : [];
  return json({ message: { ...message, attachments } }, { headers: { "Cache-Control": "no-store" } });
}

/** Plain text with its web addresses made into links, so a test (or a person) can follow them. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>()"]+)/g);
  return (
    <pre className="mail-text">
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </pre>
  );
}

export default function MailboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/dev/mailbox">Back to the mailbox</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="summary-list">
        <dt>To</dt>
        <dd>{message.toName ? `${message.toName} <${message.toEmail}>` : message.toEmail}</dd>
        <dt>From</dt>
        <dd>{message.fromEmail}</dd>
        <dt>Delivered</dt>
        <dd>{formatUkDateTime(new Date(message.deliveredAt))}</dd>
        <dt>Template</dt>
        <dd>{message.template}</dd>
        {message.attachments.length ? (
          <>
            <dt>Attachments</dt>
            <dd>{message.attachments.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <h2>Plain text</h2>
      <Linkified text={message.text} />
      <h2>As it looks in an email program</h2>
      <iframe className="mail-body" title={`Email: ${message.subject}`} src={`/dev/mailbox/${message.id}/html`} sandbox="" />
    </>
  );
}
