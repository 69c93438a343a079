/**
 * The frame of every nominator page: breadcrumbs back to the task list and the nomination's
 * title as a caption (drawn once by the layout route), then each page's heading and, when the
 * nomination cannot be changed now, the reason in place of the form.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import type { NominationFrameData } from "./pages.server";

export type SectionHeader = {
  id: string;
  title: string;
  statusLabel: string;
  status: string;
  cycle: { slug: string; name: string };
  deadline: string;
  refusal: string | null;
};

export function statusTagClass(status: string): string {
  switch (status) {
    case "submitted":
    case "eligible":
      return "tag tag--green";
    case "awaiting_partner":
      return "tag tag--yellow";
    case "ineligible":
      return "tag tag--red";
    case "withdrawn":
      return "tag tag--grey";
    default:
      return "tag";
  }
}

export function StatusTag({ status, label }: { status: string; label: string }) {
  return <strong className={statusTagClass(status)}>{label}</strong>;
}

/**
 * What a nominator page tells the layout (app/routes/nominations.$id.tsx) in its Remix
 * `handle`: the last crumb of the trail, after "Your nominations" and the nomination.
 */
export type SectionHandle = { sectionCrumb: string };

/** The crumb the deepest page that names one gives. */
export function sectionCrumbOf(matches: { handle?: unknown }[]): string | undefined {
  return matches.map((m) => (m.handle as Partial<SectionHandle> | undefined)?.sectionCrumb).findLast((crumb) => crumb !== undefined);
}

/** Above every nominator page: the trail back to the task list and the nomination's title. */
export function NominationFrame({ frame, current }: { frame: NominationFrameData; current?: string }) {
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Your nominations", to: "/nominations" },
          { label: frame.title, to: `/nominations/${frame.id}` },
          ...(current ? [{ label: current }] : []),
        ]}
      />
      <p className="muted" style={{ marginBottom: "0.25rem" }}>
        {frame.cycleName}: {frame.title}
      </p>
    </>
  );
}

/** A nominator page under the layout's frame: its heading and, when the nomination cannot be changed now, the reason in place of the form. */
export function SectionPage({
  header,
  heading,
  children,
  showRefusal = true,
}: {
  header: SectionHeader;
  heading: string;
  children: ReactNode;
  /** When the nomination cannot be changed, show why instead of the form (default). */
  showRefusal?: boolean;
}) {
  return (
    <>
      <h1>{heading}</h1>
      {showRefusal && header.refusal ? (
        <>
          <div className="warning" role="status">
            <p style={{ margin: 0 }}>{header.refusal}</p>
          </div>
          <p>
            <Link to={`/nominations/${header.id}`}>Back to the nomination</Link>
          </p>
        </>
      ) : (
        children
      )}
    </>
  );
}
