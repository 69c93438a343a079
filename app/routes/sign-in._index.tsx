import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requestSignInLink, safeRedirect } from "~/auth/sign-in.server";
import { getUserId } from "~/auth/session.server";
import { ErrorSummary, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { fields, parseForm } from "~/forms/validate";
import { clientIp } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Sign in - Compact Awards" }];

const schema = z.object({ email: fields.email("your email address"), redirectTo: z.string().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/");
  if (await getUserId(request)) throw redirect(redirectTo);
  return json({ redirectTo });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await requestSignInLink(prisma, { email: form.data.email, redirectTo: form.data.redirectTo, ip: clientIp(request) });
  if (!result.ok) {
    return json(
      { errors: { email: "You have asked for several sign-in links in a short time. Wait 15 minutes, then try again." }, values: form.values },
      { status: 429 },
    );
  }
  // "withheld" (this address has had its share of links for now) reads exactly as "sent".
  const later = result.delivery === "delayed" ? "&sent=later" : result.delivery === "failed" ? "&sent=no" : "";
  return redirect(`/sign-in/check-email?email=${encodeURIComponent(form.data.email)}${later}`);
}

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <ErrorSummary errors={actionData?.errors} />
      <h1>Sign in</h1>
      <p>We will email you a link to sign in. There is no password to remember.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          name="email"
          label="Email address"
          type="email"
          autoComplete="email"
          spellCheck={false}
          width="half"
          error={actionData?.errors?.email}
          defaultValue={valueOf(actionData?.values, "email")}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Sending…" : "Send me a sign-in link"}
        </button>
      </Form>
      <p className="hint">The link works once, for 15 minutes. If you are new, you will be asked your name and organisation.</p>
    </div>
  );
}
