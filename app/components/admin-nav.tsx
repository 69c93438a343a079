import { Link, useLocation } from "@remix-run/react";

/**
 * The organiser's sections of one cycle, shown on every /admin/cycles/:slug page.
 * The current section is marked with aria-current="page": pass `current`, or leave it out
 * and the section is worked out from the address.
 */
export const ADMIN_SECTIONS = [
  { key: "overview", label: "Overview", path: "" },
  { key: "settings", label: "Settings", path: "settings" },
  { key: "categories", label: "Categories", path: "categories" },
  { key: "criteria", label: "Criteria", path: "criteria" },
  { key: "tiers", label: "Outcomes", path: "tiers" },
  { key: "people", label: "People", path: "people" },
  { key: "nominations", label: "Nominations", path: "nominations" },
  { key: "judges", label: "Judges", path: "judges" },
  { key: "results", label: "Results", path: "results" },
  { key: "emails", label: "Emails", path: "emails" },
  { key: "ceremony", label: "Ceremony", path: "ceremony" },
  { key: "press-release", label: "Press release", path: "press-release" },
  { key: "booklet", label: "Booklet", path: "booklet" },
] as const;

export type AdminSection = (typeof ADMIN_SECTIONS)[number]["key"];

export function adminPath(slug: string, section: AdminSection = "overview") {
  const found = ADMIN_SECTIONS.find((s) => s.key === section);
  const base = `/admin/cycles/${encodeURIComponent(slug)}`;
  return found && found.path ? `${base}/${found.path}` : base;
}

function sectionFromPath(slug: string, pathname: string): AdminSection | null {
  const base = `/admin/cycles/${encodeURIComponent(slug)}`;
  const rest = pathname.replace(/\/+$/, "");
  if (rest === base) return "overview";
  if (!rest.startsWith(`${base}/`)) return null;
  const first = rest.slice(base.length + 1).split("/")[0];
  return ADMIN_SECTIONS.find((s) => s.path === first)?.key ?? null;
}

export function AdminNav({ slug, cycleName, current }: { slug: string; cycleName?: string; current?: AdminSection }) {
  const location = useLocation();
  const active = current ?? sectionFromPath(slug, location.pathname);
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/admin">Your cycles</Link>
          </li>
          {active === "overview" ? null : (
            <li>
              <Link to={adminPath(slug)}>{cycleName ?? slug}</Link>
            </li>
          )}
        </ol>
      </nav>
      <nav className="sub-nav" aria-label="Organiser sections">
        <ul>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s.key}>
              <Link to={adminPath(slug, s.key)} aria-current={active === s.key ? "page" : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
