import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localMailboxFor } from "~/mail/mailbox.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.sent === "no" ? "We could not send your sign-in link" : "Check your email"} - Compact Awards` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const email = url.searchParams.get("email") ?? "";
  const sent = url.searchParams.get("sent");
  return json({ email: email.slice(0, 254), sent: sent === "later" || sent === "no" ? sent : "yes", localMailbox: localMailboxFor(request) });
}

export default function CheckEmail() {
  const { email, sent, localMailbox } = useLoaderData<typeof loader>();
  const to = <strong>{email || "your email address"}</strong>;
  if (sent === "no") {
    return (
      <>
        <h1>We could not send your sign-in link</h1>
        <p className="lead">
          The email to {to} could not be sent. Please <Link to="/sign-in">try again</Link> later, and if it keeps happening, tell the awards organisers.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Check your email</h1>
      {sent === "yes" ? (
        <p className="lead">We have sent a sign-in link to {to}.</p>
      ) : (
        <div className="warning" role="status">
          <p className="lead" style={{ marginTop: 0 }}>
            We could not send the sign-in link to {to} just now. We will keep trying, so it may arrive a few minutes late.
          </p>
          <p style={{ marginBottom: 0 }}>If it has not arrived in 15 minutes, ask for a new link.</p>
        </div>
      )}
      <p>Open the email and select the link. It works once, within 15 minutes.</p>
      <p>
        Not there after a few minutes? Check your junk folder, or <Link to="/sign-in">ask for a new link</Link>.
      </p>
      {localMailbox ? (
        <p className="warning">
          This is a demo: emails are kept on this computer. <Link to="/dev/mailbox">Open the local mailbox</Link> to find the link.
        </p>
      ) : null}
    </>
  );
}
