import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type AdminHandle } from "~/components/admin-nav";
import { Select } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS, NOMINATION_STATUSES, type NominationStatus } from "~/domain/vocabulary";
import { formatUkDateTime } from "~/utils/time";
import { nominationTitle } from "~/nominations/title";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "nominations" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Nominations - ${data.cycle.name} - Compact Awards` : "Nominations - Compact Awards" },
];

/** Filters come from the address (a GET form), so a filtered list can be bookmarked and works without JavaScript. */
const filterSchema = z.object({
  category: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(NOMINATION_STATUSES).optional().catch(undefined),
});

const STATUS_TAG: Record<NominationStatus, string> = {
  draft: "tag--grey",
  awaiting_partner: "tag--yellow",
  submitted: "",
  eligible: "tag--green",
  ineligible: "tag--red",
  withdrawn: "tag--grey",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const search = new URL(request.url).searchParams;
  const raw = filterSchema.parse({ category: search.get("category") || undefined, status: search.get("status") || undefined });
  const categoryIds = new Set(cycle.categories.map((c) => c.id));
  const filter = {
    category: raw.category && (categoryIds.has(raw.category) || raw.category === "none") ? raw.category : "",
    status: raw.status ?? "",
  };

  const [groups, nominations] = await Promise.all([
    prisma.nomination.groupBy({ by: ["categoryId", "status"], where: { cycleId: cycle.id }, _count: { _all: true } }),
    prisma.nomination.findMany({
      where: {
        cycleId: cycle.id,
        ...(filter.category ? { categoryId: filter.category === "none" ? null : filter.category } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      },
      orderBy: [{ category: { position: "asc" } }, { title: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        title: true,
        status: true,
        isExample: true,
        submittedAt: true,
        extensionUntil: true,
        category: { select: { name: true } },
        partners: { orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { organisation: { select: { name: true } } } },
        _count: { select: { attachments: true } },
      },
    }),
  ]);

  const byCategory = new Map<string, number>();
  const byStatus = new Map<string, number>();
  for (const g of groups) {
    const key = g.categoryId ?? "none";
    byCategory.set(key, (byCategory.get(key) ?? 0) + g._count._all);
    byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g._count._all);
  }
  const total = groups.reduce((sum, g) => sum + g._count._all, 0);

  return json({
    cycle: { slug: cycle.slug, name: cycle.name },
    filter,
    total,
    categories: [
      ...cycle.categories.map((c) => ({ id: c.id, name: c.name, count: byCategory.get(c.id) ?? 0 })),
      ...(byCategory.get("none") ? [{ id: "none", name: "No category chosen yet", count: byCategory.get("none") ?? 0 }] : []),
    ],
    statuses: NOMINATION_STATUSES.map((s) => ({ key: s, label: NOMINATION_STATUS_LABELS[s], count: byStatus.get(s) ?? 0 })),
    nominations: nominations.map((n) => ({
      id: n.id,
      title: n.title,
      status: n.status as NominationStatus,
      isExample: n.isExample,
      category: n.category?.name ?? null,
      partners: n.partners.map((p) => p.organisation.name),
      submittedAt: n.submittedAt?.toISOString() ?? null,
      extensionUntil: n.extensionUntil?.toISOString() ?? null,
      files: n._count.attachments,
    })),
  });
}

export default function OrganiserNominations() {
  const { cycle, filter, total, categories, statuses, nominations } = useLoaderData<typeof loader>();
  const base = `/admin/cycles/${encodeURIComponent(cycle.slug)}/nominations`;
  const filtered = !!(filter.category || filter.status);
  const query = (params: Record<string, string>) => {
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
    return q.size ? `${base}?${q}` : base;
  };
  return (
    <>
      <h1>
        Nominations <span className="visually-hidden">for {cycle.name}</span>
      </h1>
      <p className="lead">
        {total === 0 ? "No nominations have been started yet." : `${total} ${total === 1 ? "nomination" : "nominations"} in ${cycle.name}.`} Check each
        submitted nomination and mark it eligible or not eligible.
      </p>
      <p>
        <a href={`${base}.csv`} className="button button--secondary" download>
          Download CSV<span className="visually-hidden"> of every nomination</span>
        </a>
      </p>

      <CountTable
        caption="By category"
        heading="Category"
        rows={categories.map((c) => ({ key: c.id, label: c.name, count: c.count, to: query({ category: c.id }) }))}
      />
      <CountTable
        caption="By status"
        heading="Status"
        rows={statuses.map((s) => ({ key: s.key, label: s.label, count: s.count, to: query({ status: s.key }) }))}
      />

      <h2 id="list-heading">{filtered ? "Matching nominations" : "All nominations"}</h2>
      <Form method="get" action={base} className="filters panel" aria-labelledby="filter-heading">
        <h3 id="filter-heading" className="visually-hidden">
          Filter the nominations
        </h3>
        <Select
          name="category"
          label="Category"
          placeholder="All categories"
          defaultValue={filter.category}
          options={categories.map((c) => ({ value: c.id, label: `${c.name} (${c.count})` }))}
        />
        <Select
          name="status"
          label="Status"
          placeholder="Any status"
          defaultValue={filter.status}
          options={statuses.map((s) => ({ value: s.key, label: `${s.label} (${s.count})` }))}
        />
        <div className="button-group">
          <button type="submit" className="button button--secondary">
            Filter
          </button>
          {filtered ? <Link to={base}>Show all nominations</Link> : null}
        </div>
      </Form>

      <p role="status" aria-live="polite">
        {filtered ? `${nominations.length} of ${total} ${total === 1 ? "nomination matches" : "nominations match"} the filter.` : null}
      </p>

      {nominations.length === 0 ? (
        <p>{filtered ? "No nominations match these filters." : "There are no nominations yet."}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="list-heading">
            <thead>
              <tr>
                <th scope="col">Nomination</th>
                <th scope="col">Category</th>
                <th scope="col">Partners</th>
                <th scope="col">Status</th>
                <th scope="col">Submitted</th>
                <th scope="col" className="num">
                  Files
                </th>
              </tr>
            </thead>
            <tbody>
              {nominations.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link to={`${base}/${encodeURIComponent(n.id)}`}>{nominationTitle(n)}</Link>
                    {n.isExample ? <span className="hint small">Invented example</span> : null}
                  </td>
                  <td>{n.category ?? <span className="muted">Not chosen</span>}</td>
                  <td>
                    {n.partners.length ? n.partners.join(", ") : <span className="muted">None yet</span>}
                    <span className="hint small">
                      {n.partners.length} {n.partners.length === 1 ? "partner" : "partners"}
                    </span>
                  </td>
                  <td>
                    <span className={`tag ${STATUS_TAG[n.status] ?? ""}`}>{NOMINATION_STATUS_LABELS[n.status] ?? n.status}</span>
                  </td>
                  <td>
                    {n.submittedAt ? formatUkDateTime(new Date(n.submittedAt)) : <span className="muted">Not yet</span>}
                    {n.extensionUntil ? <span className="hint small">Extension until {formatUkDateTime(new Date(n.extensionUntil))}</span> : null}
                  </td>
                  <td className="num">{n.files}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** A small table of nomination counts, each row a link that filters the list below. */
function CountTable({ caption, heading, rows }: { caption: string; heading: string; rows: { key: string; label: string; count: number; to: string }[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="num">
              Nominations
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>
                <Link to={row.to}>{row.label}</Link>
              </td>
              <td className="num">{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
