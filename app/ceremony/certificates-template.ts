/**
 * The certificates' Typst template (Typst 0.14): A4 landscape, one page per award, in a
 * double frame of the tier's colour. It reads /certificates.json, written by
 * ceremony.server.ts into the compiler's own workspace, and shows every string as text.
 */
export const CERTIFICATES_TEMPLATE = String.raw`
#let d = json("/certificates.json")
#let th = d.theme
#let ink = rgb(th.ink)
#let muted = rgb(th.muted)
#let navy = rgb(th.navy)

#set document(title: d.meta.title, author: d.meta.author, description: d.meta.subject, keywords: d.meta.keywords)
#set text(font: d.fonts, fallback: false, lang: "en", region: "GB", size: 11pt, fill: ink, hyphenate: false)
#set page(paper: "a4", flipped: true, margin: 26pt)
#set par(leading: 0.45em, spacing: 0pt, justify: false)
#show heading: it => it.body

#let signature(body, alignment) = block(width: 100%, stroke: (top: 0.75pt + ink), inset: (top: 5pt), align(alignment, text(size: 10pt, fill: muted, body)))
#let line-of(gap, body) = { v(gap); block(spacing: 0pt, width: 100%, body) }

#for (i, c) in d.certificates.enumerate() {
  if i > 0 { pagebreak() }
  let colour = rgb(c.colour)
  block(width: 100%, height: 100%, stroke: 3pt + colour, inset: 6pt, breakable: false,
    block(width: 100%, height: 100%, stroke: 0.75pt + colour, inset: (x: 46pt, top: 30pt, bottom: 26pt), breakable: false,
      grid(rows: (auto, 1fr, auto), columns: (100%,), align: center + horizon,
        text(size: 12pt, tracking: 1pt, fill: muted, upper(c.kicker)),
        block(width: 100%, inset: (y: 10pt), {
          set block(spacing: 0pt)
          set par(leading: 0.3em)
          line-of(0pt, text(size: 44pt, weight: 700, fill: colour, c.tier))
          line-of(26pt, text(size: 12pt, fill: muted, "presented to"))
          set par(leading: 0.45em)
          line-of(14pt, heading(level: 1, bookmarked: true, outlined: false, text(size: c.titleSize * 1pt, weight: 700, fill: navy, c.title)))
          line-of(20pt, text(size: 11pt, fill: muted, c.partnersLead))
          line-of(8pt, text(size: c.partnersSize * 1pt, weight: 600, c.partners.join("  ·  ")))
          if c.citation != "" { line-of(18pt, text(size: 12.5pt, style: "italic", c.citation)) }
          line-of(14pt, text(size: 10pt, style: "italic", fill: muted, c.category))
        }),
        grid(columns: (1fr, 1fr), column-gutter: 16%, align: (left + bottom, right + bottom),
          signature(c.signOff, left), signature(c.occasion, right)))))
}
`;
