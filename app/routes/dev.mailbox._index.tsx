import { DataTable } from "~/components/data-table";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { prisma } from "~/db/client.server";
import { formatUkDateTime } from "~/utils/time";
import { requireLocalMailbox } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Local mailbox - Compact Awards" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  requireLocalMailbox(request);
  const to = (new URL(request.url).searchParams.get("to") ?? "").trim().toLowerCase();
  // The local transport's own inbox (the outbox keeps no live links once a message is sent).
  const messages = await prisma.localMailboxMessage.findMany({
    where: to ? { toEmail: to } : {},
    orderBy: [{ deliveredAt: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, toEmail: true, toName: true, subject: true, template: true, deliveredAt: true },
  });
  return json({ messages, to }, { headers: { "Cache-Control": "no-store" } });
}

export default function Mailbox() {
  const { messages, to } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Local mailbox</h1>
      <p className="warning">
        Emails are not being sent: they are kept here for the demo and tests. This page shows sign-in links, so it is never available on a live server.
      </p>
      <Form method="get" className="button-group">
        <div className="field">
          <label className="label" htmlFor="to">
            Show emails to
          </label>
          <input className="input input--half" id="to" name="to" type="email" defaultValue={to} />
        </div>
        <button className="button button--secondary" type="submit">
          Filter
        </button>
      </Form>
      {messages.length === 0 ? (
        <p>No emails yet.</p>
      ) : (
        <div className="table-wrap">
          <DataTable caption="Emails, newest first" className="" hiddenCaption columns={["To", "Subject", "Delivered"]}>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{m.toEmail}</td>
                <td>
                  <Link to={`/dev/mailbox/${m.id}`}>{m.subject}</Link>
                </td>
                <td>{formatUkDateTime(new Date(m.deliveredAt))}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </>
  );
}
