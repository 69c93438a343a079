/**
 * One case study in HTML: the same content and order as its booklet page
 * (app/booklet/booklet-template.ts), for /cycles/:slug/case-studies/:id.
 * Everything typed by nominators is rendered as text (React escapes it).
 */
import { Paragraphs } from "~/components/nomination-view";
import { COMPACT_PRINCIPLES } from "~/domain/vocabulary";
import { tierColour } from "./theme";

export type CaseStudyViewData = {
  nominationId: string;
  title: string;
  summary: string;
  categoryName: string;
  tier: { name: string; kind: string };
  citation: string;
  partners: { name: string; sectorLabel: string; role: string; side: "statutory" | "vcs" | "other" }[];
  whatHappened: string;
  howPartnersWorked: string;
  impact: string;
  quote: string;
  quoteAttribution: string;
  principles: { key: string; label: string }[];
  publicContact: string;
  started: string;
  consentToPublish: boolean;
  photo: { id: string; caption: string; credit: string; width: number | null; height: number | null } | null;
};

const SIDES = [
  { side: "statutory", label: "Statutory partners" },
  { side: "vcs", label: "Voluntary, community, faith and social-enterprise partners" },
  { side: "other", label: "Other partners" },
] as const;

function principleNumber(key: string) {
  return COMPACT_PRINCIPLES.findIndex((p) => p.key === key) + 1;
}

export function CaseStudyView({ study }: { study: CaseStudyViewData }) {
  const colour = tierColour(study.tier.kind);
  const principles = [...study.principles].sort((a, b) => principleNumber(a.key) - principleNumber(b.key));
  return (
    <article className="case-study" aria-labelledby="case-study-title">
      <div className="case-study__band" style={{ backgroundColor: colour }}>
        <p className="case-study__tier">{study.tier.name}</p>
        <p className="case-study__category">{study.categoryName}</p>
        {study.citation ? <p className="case-study__citation">{study.citation}</p> : null}
      </div>
      <h1 id="case-study-title">{study.title}</h1>
      {study.summary ? <p className="lead">{study.summary}</p> : null}

      <section className="case-study__partners" aria-labelledby="partners-title">
        <h2 id="partners-title">{study.partners.length === 1 ? "Partner" : `The ${study.partners.length} partners`}</h2>
        {SIDES.filter((g) => study.partners.some((p) => p.side === g.side)).map((g) => (
          <div key={g.side}>
            <h3>{g.label}</h3>
            <ul>
              {study.partners
                .filter((p) => p.side === g.side)
                .map((p, i) => (
                  <li key={i}>
                    {p.name}
                    {p.role === "lead_statutory" || p.role === "lead_vcs" || (g.side !== "statutory" && p.sectorLabel !== "Voluntary or community") ? (
                      <span className="case-study__partner-note">
                        {[
                          p.role === "lead_statutory" || p.role === "lead_vcs" ? "Lead partner" : "",
                          g.side !== "statutory" && p.sectorLabel !== "Voluntary or community" ? p.sectorLabel : "",
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </span>
                    ) : null}
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </section>

      {study.consentToPublish ? (
        <>
          {study.photo ? (
            <figure className="case-study__photo">
              <img
                src={`/files/${study.photo.id}`}
                alt={study.photo.caption || `Photo: ${study.title}`}
                width={study.photo.width ?? undefined}
                height={study.photo.height ?? undefined}
              />
              {study.photo.caption || study.photo.credit ? (
                <figcaption>
                  {study.photo.caption ? `Pictured: ${study.photo.caption}` : ""}
                  {study.photo.caption && study.photo.credit ? " · " : ""}
                  {study.photo.credit ? `Photo: ${study.photo.credit}` : ""}
                </figcaption>
              ) : null}
            </figure>
          ) : null}
          {study.whatHappened ? (
            <section aria-labelledby="what-happened">
              <h2 id="what-happened">What happened</h2>
              <Paragraphs text={study.whatHappened} />
            </section>
          ) : null}
          {study.howPartnersWorked ? (
            <section aria-labelledby="how-partners">
              <h2 id="how-partners">How the partners worked together</h2>
              <Paragraphs text={study.howPartnersWorked} />
            </section>
          ) : null}
          {study.impact ? (
            <section aria-labelledby="impact">
              <h2 id="impact">Impact</h2>
              <Paragraphs text={study.impact} />
            </section>
          ) : null}
          {study.quote ? (
            <blockquote className="case-study__quote">
              <p>{`\u201C${study.quote.replace(/^["\u201C]+|["\u201D]+$/g, "")}\u201D`}</p>
              {study.quoteAttribution ? <footer>{`\u2014 ${study.quoteAttribution}`}</footer> : null}
            </blockquote>
          ) : null}
          {principles.length ? (
            <section aria-labelledby="principles">
              <h2 id="principles">Relevant Compact principles</h2>
              <ol className="case-study__principles">
                {principles.map((p) => (
                  <li key={p.key} value={principleNumber(p.key) || undefined}>
                    {p.label}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          {study.publicContact || study.started ? (
            <dl className="summary-list case-study__contact">
              {study.publicContact ? (
                <>
                  <dt>Contact</dt>
                  <dd>{study.publicContact}</dd>
                </>
              ) : null}
              {study.started ? (
                <>
                  <dt>Work started</dt>
                  <dd>{study.started}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </>
      ) : (
        <p className="muted">The partners asked for the full story of this work not to be published.</p>
      )}
    </article>
  );
}
