import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { env } from "~/env.server";

export const meta: MetaFunction = () => [{ title: "Check your email - Compact Awards" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const email = new URL(request.url).searchParams.get("email") ?? "";
  return json({ email: email.slice(0, 254), localMailbox: env.localMailboxOn });
}

export default function CheckEmail() {
  const { email, localMailbox } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Check your email</h1>
      <p className="lead">
        We have sent a sign-in link to <strong>{email || "your email address"}</strong>.
      </p>
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
