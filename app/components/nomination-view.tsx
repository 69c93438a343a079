/**
 * A nomination in full, read-only: the check-your-answers page, the partner's confirmation
 * page, the organiser's eligibility view, the judge's scoring page and the public case study
 * all show it the same way. Props are plain data (app/nominations/view.server.ts,
 * loadNominationForView). Everything typed by nominators is rendered as text: React escapes
 * it, and line breaks become paragraphs. Never dangerouslySetInnerHTML here.
 */
import { Fragment, type ReactNode } from "react";

export type NominationViewProps = {
  nomination: {
    id: string;
    category: { id: string; name: string } | null;
    title: string;
    summary: string;
    whatHappened: string;
    impact: string;
    howPartnersWorked: string;
    quote: string;
    quoteAttribution: string;
    principles: { key: string; label: string }[];
    startedOn: string | null;
    publicContact?: string;
    consentToPublish: boolean;
  };
  partners: {
    id: string;
    organisationName: string;
    sector: string;
    sectorLabel: string;
    side: "statutory" | "vcs" | "other";
    roleLabel: string;
    contactName: string;
    contactEmail: string;
    confirmedAt?: string | null;
  }[];
  /** Photos and evidence: links to /files/<id>. Leave out to hide the section. */
  attachments?: {
    id: string;
    kind: string;
    fileName: string;
    caption: string;
    credit: string;
    consentToPublish?: boolean;
    contentType?: string;
  }[];
  /** Heading level of the section headings (the page's own h1 comes first). Default 2. */
  headingLevel?: 2 | 3;
  /** Show partner contacts' names and email addresses (off on public pages). Default true. */
  showContacts?: boolean;
  /** Show the consent answers. Default true. */
  showConsent?: boolean;
  /** "Change" links beside each section, for the check-your-answers page. */
  changeLinks?: Partial<Record<"category" | "partners" | "story" | "files" | "consent", string>>;
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2024-03-01" -> "1 March 2024" (a calendar date: no time zone involved). */
export function formatCalendarDate(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  if (!m) return value ?? "";
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** Text as typed: blank lines start a new paragraph, single line breaks are kept. */
export function Paragraphs({ text, empty = "Not answered" }: { text: string; empty?: string }) {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (paragraphs.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      {paragraphs.map((para, i) => (
        <p key={i}>
          {para.split("\n").map((line, j) => (
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))}
        </p>
      ))}
    </>
  );
}

const GROUPS: { side: "statutory" | "vcs" | "other"; label: string }[] = [
  { side: "statutory", label: "Statutory partners" },
  { side: "vcs", label: "Voluntary, community, faith and social-enterprise partners" },
  { side: "other", label: "Other partners" },
];

export function NominationView({
  nomination: n,
  partners,
  attachments,
  headingLevel = 2,
  showContacts = true,
  showConsent = true,
  changeLinks,
}: NominationViewProps) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  const heading = (id: string, text: string, change?: string, changeWhat?: string): ReactNode => (
    <div
      className="nomination-view__heading"
      style={{ display: "flex", flexWrap: "wrap", alignItems: "baseline", justifyContent: "space-between", gap: "0 1rem" }}
    >
      <H id={`nv-${n.id}-${id}`}>{text}</H>
      {change ? (
        <a href={change}>
          Change<span className="visually-hidden"> {changeWhat ?? text.toLowerCase()}</span>
        </a>
      ) : null}
    </div>
  );
  const photos = (attachments ?? []).filter((a) => a.kind === "photo");
  const evidence = (attachments ?? []).filter((a) => a.kind !== "photo");
  return (
    <div className="nomination-view">
      <section aria-labelledby={`nv-${n.id}-category`}>
        {heading("category", "Category", changeLinks?.category, "the category")}
        <p>{n.category?.name ?? <span className="muted">Not chosen yet</span>}</p>
      </section>

      <section aria-labelledby={`nv-${n.id}-story`}>
        {heading("story", "The story", changeLinks?.story, "the story")}
        <dl className="summary-list">
          <dt>Title</dt>
          <dd>{n.title || <span className="muted">Not answered</span>}</dd>
          <dt>Summary</dt>
          <dd>
            <Paragraphs text={n.summary} />
          </dd>
          <dt>When the work started</dt>
          <dd>{n.startedOn ? formatCalendarDate(n.startedOn) : <span className="muted">Not answered</span>}</dd>
          <dt>Compact outcomes it shows</dt>
          <dd>
            {n.principles.length ? (
              <ul style={{ margin: 0, paddingLeft: "1.2rem" }}>
                {n.principles.map((p) => (
                  <li key={p.key}>{p.label}</li>
                ))}
              </ul>
            ) : (
              <span className="muted">None chosen</span>
            )}
          </dd>
        </dl>
        <Sub>What happened</Sub>
        <Paragraphs text={n.whatHappened} />
        <Sub>The difference it made</Sub>
        <Paragraphs text={n.impact} />
        <Sub>How the partners worked together</Sub>
        <Paragraphs text={n.howPartnersWorked} />
        {n.quote.trim() ? (
          <figure className="panel" style={{ margin: "0 0 1.25rem" }}>
            <blockquote style={{ margin: 0 }}>
              <Paragraphs text={n.quote} />
            </blockquote>
            {n.quoteAttribution ? <figcaption>— {n.quoteAttribution}</figcaption> : null}
          </figure>
        ) : null}
      </section>

      <section aria-labelledby={`nv-${n.id}-partners`}>
        {heading("partners", `The partners (${partners.length})`, changeLinks?.partners, "the partners")}
        {partners.length === 0 ? <p className="muted">No partners yet.</p> : null}
        {GROUPS.map((group) => {
          const members = partners.filter((p) => p.side === group.side);
          if (members.length === 0) return null;
          return (
            <Fragment key={group.side}>
              <Sub>{group.label}</Sub>
              <ul className="partner-list" style={{ listStyle: "none", padding: 0 }}>
                {members.map((p) => (
                  <li key={p.id} className="panel" style={{ marginBottom: "0.75rem" }}>
                    <strong>{p.organisationName}</strong>
                    <br />
                    <span>
                      {p.roleLabel}
                      {group.side !== "statutory" ? ` · ${p.sectorLabel}` : ""}
                    </span>
                    {p.confirmedAt ? (
                      <>
                        {" "}
                        <span className="tag tag--green">Confirmed</span>
                      </>
                    ) : null}
                    {showContacts && (p.contactName || p.contactEmail) ? (
                      <>
                        <br />
                        <span>
                          Contact: {p.contactName}
                          {p.contactEmail ? (
                            <>
                              {p.contactName ? ", " : ""}
                              <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a>
                            </>
                          ) : null}
                        </span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Fragment>
          );
        })}
      </section>

      {attachments ? (
        <section aria-labelledby={`nv-${n.id}-files`}>
          {heading("files", "Photos and evidence", changeLinks?.files, "photos and evidence")}
          {attachments.length === 0 ? <p className="muted">No photos or evidence.</p> : null}
          {photos.length ? (
            <>
              <Sub>Photos</Sub>
              <ul>
                {photos.map((a) => (
                  <li key={a.id}>
                    <a href={`/files/${a.id}`}>{a.caption || a.fileName}</a>
                    {a.caption && a.caption !== a.fileName ? <span className="muted"> ({a.fileName})</span> : null}
                    {a.credit ? <span> · Photo: {a.credit}</span> : null}
                    {a.consentToPublish === false ? <span className="muted"> · not for publication</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {evidence.length ? (
            <>
              <Sub>Evidence</Sub>
              <ul>
                {evidence.map((a) => (
                  <li key={a.id}>
                    <a href={`/files/${a.id}`}>{a.caption || a.fileName}</a>
                    {a.caption && a.caption !== a.fileName ? <span className="muted"> ({a.fileName})</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {showConsent ? (
        <section aria-labelledby={`nv-${n.id}-consent`}>
          {heading("consent", "Consent", changeLinks?.consent, "the consent answers")}
          <dl className="summary-list">
            <dt>May we publish it as a case study?</dt>
            <dd>{n.consentToPublish ? "Yes, all the partners agree" : "No"}</dd>
            {n.publicContact !== undefined ? (
              <>
                <dt>Contact for the public</dt>
                <dd>{n.publicContact || <span className="muted">Not answered</span>}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
    </div>
  );
}
