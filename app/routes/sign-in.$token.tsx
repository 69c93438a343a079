import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { checkSignInToken, consumeSignInToken, safeRedirect } from "~/auth/sign-in.server";
import { createUserSession } from "~/auth/session.server";
import { firstVisitPath } from "~/auth/first-visit";
import { prisma } from "~/db/client.server";
import { verifyByDomain } from "~/organisations/membership.server";

export const meta: MetaFunction = () => [{ title: "Sign in - Compact Awards" }, { name: "robots", content: "noindex" }];

const MESSAGES = {
  expired: "This sign-in link has expired. Links work for 15 minutes.",
  used: "This sign-in link has already been used. Each link works once.",
  unknown: "This sign-in link is not valid. Check you copied the whole link from the email.",
} as const;

/** Opening the link only looks at it: mail scanners that pre-open links must not use it up. */
export async function loader({ params }: LoaderFunctionArgs) {
  const state = await checkSignInToken(prisma, params.token!);
  return json({ state }, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}

/** The "Sign in" button posts here; only this spends the link. */
export async function action({ request, params }: ActionFunctionArgs) {
  const result = await consumeSignInToken(prisma, params.token!);
  if (!result.ok) return json({ state: result.reason }, { status: 410 });
  // The link proved the address: any request to join an organisation whose verified domain it is at now counts.
  await verifyByDomain(prisma, result.userId);
  const cookie = await createUserSession(request, result.userId);
  const next = safeRedirect(result.redirectTo, "/");
  const to = result.firstVisit ? firstVisitPath(next) : next;
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}

export default function CompleteSignIn() {
  const { state: loaderState } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const state = actionData?.state ?? loaderState;
  if (state !== "valid") {
    return (
      <>
        <h1>{state === "expired" ? "This link has expired" : state === "used" ? "This link has already been used" : "This link is not valid"}</h1>
        <p>{MESSAGES[state]}</p>
        <p>
          <Link to="/sign-in" className="button">
            Get a new sign-in link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Sign in to Compact Awards</h1>
      <p>Select the button to finish signing in.</p>
      <Form method="post">
        <button type="submit" className="button">
          Sign in
        </button>
      </Form>
    </>
  );
}
