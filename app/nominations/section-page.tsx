/**
 * The frame of every nominator page: breadcrumbs back to the task list, the nomination's
 * title as a caption, the page heading, and, when the nomination cannot be changed now,
 * the reason in place of the form.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Breadcrumbs } from "~/components/breadcrumbs";

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

export function SectionPage({
  header,
  heading,
  children,
  showRefusal = true,
  current,
}: {
  header: SectionHeader;
  heading: string;
  children: ReactNode;
  /** When the nomination cannot be changed, show why instead of the form (default). */
  showRefusal?: boolean;
  current?: string;
}) {
  return (
    <>
      <Breadcrumbs
        items={[{ label: "Your nominations", to: "/nominations" }, { label: header.title, to: `/nominations/${header.id}` }, { label: current ?? heading }]}
      />
      <p className="muted" style={{ marginBottom: "0.25rem" }}>
        {header.cycle.name}: {header.title}
      </p>
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
