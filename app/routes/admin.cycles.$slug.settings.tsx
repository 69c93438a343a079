import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { CycleDetailsFields, Section } from "~/components/cycle-form";
import { ErrorSummary, Radios, TextArea, TextField, valueOf } from "~/components/forms";
import { cycleSettingsSchema, RANKING_MEASURE_LABELS } from "~/cycles/schemas";
import { updateCycle } from "~/cycles/setup.server";
import { prisma } from "~/db/client.server";
import { RANKING_MEASURES } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import adminStyles from "~/styles/admin.css";
import { formatUkInput } from "~/utils/time";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "settings" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Settings: ${data.cycle.name} - Compact Awards` : "Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  return json({
    cycle: { slug: cycle.slug, name: cycle.name, launched: !!cycle.launchedAt },
    initial: {
      name: cycle.name,
      slug: cycle.slug,
      area: cycle.area,
      intro: cycle.intro,
      nominationsOpenAt: formatUkInput(cycle.nominationsOpenAt),
      nominationsCloseAt: formatUkInput(cycle.nominationsCloseAt),
      judgingOpenAt: formatUkInput(cycle.judgingOpenAt),
      judgingCloseAt: formatUkInput(cycle.judgingCloseAt),
      ceremonyAt: formatUkInput(cycle.ceremonyAt),
      ceremonyVenue: cycle.ceremonyVenue ?? "",
      contactName: cycle.contactName,
      contactEmail: cycle.contactEmail,
      contactPhone: cycle.contactPhone ?? "",
      signOff: cycle.signOff,
      bookletIntro: cycle.bookletIntro,
      pressContact: cycle.pressContact,
      minJudgesPerNomination: String(cycle.minJudgesPerNomination),
      disagreementThreshold: String(cycle.disagreementThreshold),
      rankingMeasure: cycle.rankingMeasure,
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(cycleSettingsSchema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await updateCycle(prisma, actor, cycle, form.data);
  if (!result.ok) return json({ errors: result.errors, values: form.values }, { status: 400 });
  const cookie = await flash(request, "Settings saved.");
  return redirect(adminPath(result.value.slug, "settings"), { headers: { "Set-Cookie": cookie } });
}

export default function CycleSettings() {
  const { cycle, initial } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = actionData?.values ?? initial;
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Settings</h1>
      <Form method="post" noValidate>
        <CycleDetailsFields values={values} errors={errors} slugLocked={cycle.launched} />

        <Section title="Publicity" hint="Used in the case-study booklet and the press release.">
          <TextArea
            name="bookletIntro"
            label="Booklet introduction (optional)"
            hint="The opening page of the case-study booklet. Leave a blank line between paragraphs."
            rows={8}
            error={errors?.bookletIntro}
            defaultValue={valueOf(values, "bookletIntro")}
          />
          <TextArea
            name="pressContact"
            label="Press contact (optional)"
            hint="Who journalists should contact, with a phone number and email address. Printed in the notes to editors."
            rows={3}
            error={errors?.pressContact}
            defaultValue={valueOf(values, "pressContact")}
          />
        </Section>

        <Section title="Judging">
          <TextField
            name="minJudgesPerNomination"
            label="Judges for each nomination"
            hint="How many judges, with no conflict of interest, should score each nomination. Between 1 and 20. Nominations with fewer are flagged."
            inputMode="numeric"
            width="quarter"
            error={errors?.minJudgesPerNomination}
            defaultValue={valueOf(values, "minJudgesPerNomination")}
          />
          <TextField
            name="disagreementThreshold"
            label="Disagreement threshold"
            hint="Flag a nomination for discussion when its highest and lowest judges' overall scores are further apart than this, in points on a 1 to 5 scale (other scales are compared as if they were 1 to 5). Between 0.1 and 4. 1.5 is a good start."
            inputMode="decimal"
            width="quarter"
            error={errors?.disagreementThreshold}
            defaultValue={valueOf(values, "disagreementThreshold")}
          />
          <Radios
            name="rankingMeasure"
            legend="How nominations are ranked"
            hint="Every measure is shown to organisers; this one sets the order."
            error={errors?.rankingMeasure}
            defaultValue={valueOf(values, "rankingMeasure")}
            options={RANKING_MEASURES.map((m) => ({ value: m, label: RANKING_MEASURE_LABELS[m].label, hint: RANKING_MEASURE_LABELS[m].hint }))}
          />
        </Section>

        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Save settings"}
        </button>
      </Form>
    </>
  );
}
