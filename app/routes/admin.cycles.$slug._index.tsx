import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Fragment } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { flash } from "~/auth/session.server";
import { adminPath, ADMIN_SECTIONS, type AdminHandle } from "~/components/admin-nav";
import { ErrorSummary } from "~/components/forms";
import { cyclePhase, judgingOpensAt, PHASE_LABELS } from "~/cycles/phase";
import { launchCycle, loadSetupSummary } from "~/cycles/setup.server";
import { prisma } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS, NOMINATION_STATUSES } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import adminStyles from "~/styles/admin.css";
import { formatUkDateTime } from "~/utils/time";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "overview" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.cycle.name}: overview - Compact Awards` : "Compact Awards" }];

const SECTION_HINTS: Record<string, string> = {
  settings: "Name, dates, contact, booklet and press details, and how judging is scored and ranked",
  categories: "The categories people nominate in, with eligibility guidance",
  criteria: "What judges score, each criterion's weight and the meaning of every score",
  tiers: "The awards you can give, such as Winner and Commendation",
  people: "Invite organisers and judges",
  nominations: "Check nominations are eligible, grant extensions",
  judges: "Give judges nominations to score, and see conflicts of interest",
  results: "Scores, rankings and deciding the outcomes",
  emails: "Results emails and everything the awards have sent",
  ceremony: "The running order for the awards ceremony",
  "press-release": "The press release and case-study booklet",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const summary = await loadSetupSummary(prisma, cycle.id);
  const phase = cyclePhase(cycle);
  return json({
    cycle: {
      slug: cycle.slug,
      name: cycle.name,
      area: cycle.area,
      launchedAt: cycle.launchedAt,
      // when the results were actually published (or are scheduled to be), not the cycle's launch
      resultsPublishedAt: cycle.publishedAt,
      publishResultsAt: cycle.publishResultsAt,
      ceremonyVenue: cycle.ceremonyVenue,
      timeline: [
        { label: "Nominations open", at: cycle.nominationsOpenAt as Date | null, note: "" },
        { label: "Nominations close", at: cycle.nominationsCloseAt, note: "" },
        { label: "Judging opens", at: judgingOpensAt(cycle), note: cycle.judgingOpenAt ? "" : " (when nominations close)" },
        { label: "Judging closes", at: cycle.judgingCloseAt, note: cycle.judgingCloseAt ? "" : "Not set: judging ends when you decide the results" },
        { label: "Awards ceremony", at: cycle.ceremonyAt, note: cycle.ceremonyAt ? "" : "Not set" },
      ],
      counts: { categories: cycle.categories.length, criteria: cycle.criteria.length, tiers: cycle.outcomeTiers.length },
    },
    phase,
    summary,
  });
}

const intentSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("launch") })], {
  error: "Choose what to do",
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(intentSchema, await readFormData(request));
  if (!form.ok) return json({ errors: { form: "Choose what to do" } }, { status: 400 });
  const result = await launchCycle(prisma, actor, cycle);
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  const cookie = await flash(request, `${cycle.name} is now public: people can read it and, when nominations open, nominate.`);
  return redirect(adminPath(cycle.slug), { headers: { "Set-Cookie": cookie } });
}

export default function CycleOverview() {
  const { cycle, phase, summary } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const missing = summary.checklist.filter((i) => !i.done);
  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      <h1>{cycle.name}</h1>
      <p>
        <span className={`tag ${phase === "draft" ? "tag--yellow" : "tag--green"}`}>{PHASE_LABELS[phase]}</span>
      </p>

      {cycle.launchedAt ? (
        <p>
          {cycle.resultsPublishedAt ? (
            <>
              Results published {formatUkDateTime(new Date(cycle.resultsPublishedAt))}: <Link to={`/cycles/${cycle.slug}/results`}>see the public results</Link>
              . The cycle&apos;s page has been public since {formatUkDateTime(new Date(cycle.launchedAt))}.
            </>
          ) : (
            <>
              Public since {formatUkDateTime(new Date(cycle.launchedAt))}. <Link to={`/cycles/${cycle.slug}`}>See the public page</Link>.
              {cycle.publishResultsAt
                ? ` The results are scheduled to be published at the ceremony, ${formatUkDateTime(new Date(cycle.publishResultsAt))}.`
                : null}
            </>
          )}
        </p>
      ) : (
        <section className="panel panel--highlight" aria-labelledby="setup-title">
          <h2 id="setup-title">Set up and launch</h2>
          <p>
            This cycle is a draft: only its organisers can see it. When everything below is ready, make it public. It then appears on the home page, and
            nominations open on the date you set.
          </p>
          <ul className="checklist">
            {summary.checklist.map((item) => (
              <li key={item.key}>
                <span className="checklist__text">
                  <Link to={adminPath(cycle.slug, item.section)}>{item.label}</Link>
                  <span className="checklist__detail">{item.detail}</span>
                </span>
                <span className={`tag ${item.done ? "tag--green" : "tag--red"}`}>{item.done ? "Done" : "Not done yet"}</span>
              </li>
            ))}
          </ul>
          {missing.length ? (
            <p className="warning">
              Still needed before the cycle can be made public: {missing.map((m) => m.label.charAt(0).toLowerCase() + m.label.slice(1)).join("; ")}.
            </p>
          ) : (
            <p>Everything needed is in place.</p>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="launch" />
            <button type="submit" className="button" disabled={busy}>
              Launch: make this cycle public
            </button>
          </Form>
        </section>
      )}

      <h2>At a glance</h2>
      <ul className="stats">
        <li>
          <span className="stats__number">{cycle.counts.categories}</span> {cycle.counts.categories === 1 ? "category" : "categories"}
        </li>
        <li>
          <span className="stats__number">{cycle.counts.criteria}</span> {cycle.counts.criteria === 1 ? "criterion" : "criteria"}
        </li>
        <li>
          <span className="stats__number">{cycle.counts.tiers}</span> outcome {cycle.counts.tiers === 1 ? "tier" : "tiers"}
        </li>
        <li>
          <span className="stats__number">{summary.nominations}</span> {summary.nominations === 1 ? "nomination" : "nominations"}
        </li>
        <li>
          <span className="stats__number">{summary.judges}</span> {summary.judges === 1 ? "judge" : "judges"}
        </li>
        <li>
          <span className="stats__number">{summary.organisers}</span> {summary.organisers === 1 ? "organiser" : "organisers"}
        </li>
      </ul>

      {summary.nominations > 0 ? (
        <div className="table-wrap">
          <DataTable caption="Nominations by status" columns={["Status", { label: "Nominations", className: "num" }]}>
            {NOMINATION_STATUSES.filter((s) => summary.nominationsByStatus[s]).map((s) => (
              <tr key={s}>
                <th scope="row">{NOMINATION_STATUS_LABELS[s]}</th>
                <td className="num">{summary.nominationsByStatus[s]}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      ) : (
        <p>No nominations yet.</p>
      )}

      <h2>Timeline</h2>
      <p className="hint">All times are UK time.</p>
      <dl className="summary-list">
        {cycle.timeline.map((t) => (
          <Fragment key={t.label}>
            <dt>{t.label}</dt>
            <dd>
              {t.at ? formatUkDateTime(new Date(t.at)) : null}
              {t.note}
              {t.label === "Awards ceremony" && cycle.ceremonyVenue ? `, ${cycle.ceremonyVenue}` : ""}
            </dd>
          </Fragment>
        ))}
      </dl>
      <p>
        <Link to={adminPath(cycle.slug, "settings")}>
          Change the dates<span className="visually-hidden"> of {cycle.name}</span>
        </Link>
      </p>

      <h2>Organise</h2>
      <ul className="task-list">
        {ADMIN_SECTIONS.filter((s) => s.key !== "overview").map((s) => (
          <li key={s.key}>
            <span>
              <Link to={adminPath(cycle.slug, s.key)}>{s.label}</Link>
              <span className="checklist__detail">{SECTION_HINTS[s.key]}</span>
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
