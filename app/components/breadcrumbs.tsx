import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** One step of a trail: a link, or (without `to`) the page you are on. */
export type Crumb = { label: ReactNode; to?: string };

/**
 * The breadcrumb trail every page shows above its heading: a `nav` labelled "Breadcrumb"
 * whose unlinked step is marked as the current page.
 */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {items.map((crumb, i) =>
          crumb.to ? (
            <li key={i}>
              <Link to={crumb.to}>{crumb.label}</Link>
            </li>
          ) : (
            <li key={i} aria-current="page">
              {crumb.label}
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}

/**
 * The trail of the public pages of one cycle (/cycles/:slug/...): Home, then the cycle, then
 * `trail`. On the cycle's own page (`here`) the cycle is the current page.
 */
export function CycleBreadcrumbs({ cycle, trail = [], here = false }: { cycle: { slug: string; name: string }; trail?: Crumb[]; here?: boolean }) {
  return <Breadcrumbs items={[{ label: "Home", to: "/" }, { label: cycle.name, to: here ? undefined : `/cycles/${cycle.slug}` }, ...trail]} />;
}
