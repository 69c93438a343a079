import { Link } from "@remix-run/react";
import { Breadcrumbs } from "./breadcrumbs";

/**
 * The organiser's sections of one cycle, shown on every /admin/cycles/:slug page by the
 * layout route. The current section is marked with aria-current="page".
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

/**
 * What an /admin/cycles/:slug page tells its layout (app/routes/admin.cycles.$slug.tsx) in its
 * Remix `handle`: which section it belongs to, marked as the current one in the nav.
 */
export type AdminHandle = { adminSection: AdminSection };

/** The section the deepest page that names one belongs to. */
export function adminSectionOf(matches: { handle?: unknown }[]): AdminSection | undefined {
  return matches.map((m) => (m.handle as Partial<AdminHandle> | undefined)?.adminSection).findLast((section) => section !== undefined);
}

/** The organiser's chrome of one cycle: the breadcrumbs back to the list of cycles, then the sections. */
export function AdminNav({ slug, cycleName, current }: { slug: string; cycleName: string; current?: AdminSection }) {
  return (
    <>
      <Breadcrumbs items={[{ label: "Your cycles", to: "/admin" }, ...(current === "overview" ? [] : [{ label: cycleName, to: adminPath(slug) }])]} />
      <nav className="sub-nav" aria-label="Organiser sections">
        <ul>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s.key}>
              <Link to={adminPath(slug, s.key)} aria-current={current === s.key ? "page" : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
