/**
 * The booklet's Typst template (Typst 0.14). It reads its data from /booklet.json, which
 * booklet-pdf.server.ts writes into the compiler's own workspace, and shows every string
 * as text: nothing a nominator typed is ever parsed as markup.
 */
export const BOOKLET_TEMPLATE = String.raw`// The case-study booklet. Everything printed comes from /booklet.json (mapped into the
// compiler's own empty workspace): strings are shown as text, never read as markup.
#let d = json("/booklet.json")
#let th = d.theme
#let ink = rgb(th.ink)
#let muted = rgb(th.muted)
#let navy = rgb(th.navy)
#let teal = rgb(th.teal)
#let tint = rgb(th.tint)
#let rule-colour = rgb(th.rule)
#let content-width = 595.28pt - 2 * 56pt

#set document(title: d.meta.title, author: d.meta.author, description: d.meta.subject, keywords: d.meta.keywords)
#set text(font: d.fonts, fallback: false, lang: "en", region: "GB", size: 10pt, fill: ink, hyphenate: false)
#set par(leading: 0.6em, spacing: 0.95em)
// Every heading is made by h: its look and spacing are its own, and it stays with what follows.
#show heading: it => it.body
#let h(level, size, fill, body, above: 1.2em, below: 0.6em, weight: 700, bookmarked: false) = block(sticky: true, above: above, below: below,
  heading(level: level, bookmarked: bookmarked, outlined: false, text(size: size, weight: weight, fill: fill, body)))

// A paragraph as typed: its lines joined by line breaks; right-to-left if it starts so.
#let para(p) = {
  let body = p.lines.map(l => text(l)).join(linebreak())
  if p.rtl { set text(dir: rtl); par(body) } else { par(body) }
}
#let paras(ps) = for p in ps { para(p) }

#let footer = context {
  line(length: 100%, stroke: 0.75pt + rule-colour)
  v(-4pt)
  set text(size: 8.5pt, fill: muted)
  // The pages before this part: a file of its own, so that when only it changes Typst reuses the whole layout.
  grid(columns: (1fr, auto), d.footer, [Page #(here().page() + json("/offset.json").offset)])
}

// "<title> (continued)" at the top of every page of a case study but its first.
#let header = context {
  let p = here().page()
  let next = query(selector(<study-start>).after(here()))
  if next.len() > 0 and next.first().location().page() == p { return }
  let before = query(selector(<study-start>).before(here()))
  if before.len() > 0 {
    set text(size: 8.5pt, fill: muted)
    before.last().value.title + " (continued)"
  }
}

#set page(paper: "a4", margin: (x: 56pt, top: 58pt, bottom: 66pt), footer: footer, footer-descent: 30%, header: header, header-ascent: 40%)

// ------------------------------------------------------------------ cover
#let cover() = page(fill: navy, margin: 0pt, header: none, footer: none)[
  #set text(fill: white)
  #pdf.artifact(grid(columns: th.stripes.len() * (1fr,), rows: 14pt, ..th.stripes.map(c => rect(width: 100%, height: 14pt, fill: rgb(c), stroke: none))))
  #block(inset: (x: 60pt, top: 56pt), width: 100%)[
    #text(size: 12pt, weight: 600, tracking: 1pt, fill: rgb("#b9d3ea"), upper(d.cycle.kicker))
    #v(4pt)
    #{
      set par(leading: 0.3em)
      h(1, 38pt, white, d.cycle.name, above: 14pt, below: 16pt)
    }
    #v(2pt)
    #text(size: 20pt, fill: rgb("#dbe8f4"), d.cycle.subtitle)
    #if d.cover != none {
      v(18pt)
      let c = d.cover
      // the photo's own proportions, at most 280 pt high (the stand-in image is stretched to this)
      let w = calc.min(595.28pt - 120pt, 280pt * c.width / c.height)
      image(c.path, alt: c.alt, width: w, height: w * c.height / c.width, fit: "stretch")
      v(2pt)
      if c.credit != "" { text(size: 8.5pt, fill: rgb("#b9d3ea"), c.credit) }
    }
    #v(30pt)
    #grid(columns: (auto, auto), column-gutter: 48pt,
      ..d.counts.map(s => block(stroke: (top: 2pt + rgb("#6fa8dc")), inset: (top: 8pt))[
        #text(size: 34pt, weight: 700, s.number) \
        #text(size: 11pt, fill: rgb("#dbe8f4"), s.label)
      ]))
    #if d.cycle.tierLine != "" { v(16pt); text(size: 12.5pt, fill: rgb("#dbe8f4"), d.cycle.tierLine) }
  ]
  #if d.cover == none {
    place(bottom + right, dx: -44pt, dy: -62pt, pdf.artifact(text(size: 150pt, weight: 700, fill: rgb("#1f4c7f"), d.cycle.year)))
  }
  #place(bottom + left, dx: 60pt, dy: -46pt, block(width: 595.28pt - 120pt, text(size: 11pt, fill: rgb("#b9d3ea"), d.cycle.coverFoot)))
]

// ------------------------------------------------------------------ introduction
#let page-title(s) = {
  context [#metadata((title: s, page: here().page())) <front-start>]
  h(1, 26pt, navy, s, above: 0pt, below: 18pt)
}

#let introduction() = {
  page-title("Introduction")
  for (i, p) in d.cycle.intro.enumerate() {
    if i == 0 { text(size: 12.5pt, para(p)) } else { para(p) }
  }
  v(12pt)
  block(fill: tint, stroke: (left: 4pt + teal), inset: 14pt, width: 100%, breakable: false,
    grid(columns: (150pt, 1fr), row-gutter: 6pt,
      ..d.cycle.facts.map(f => (text(weight: 600, fill: navy, f.label), f.value)).flatten()))
  if d.cycle.webUrl != "" {
    v(10pt)
    par[Every case study is also on the web, the easiest way to read it with a screen reader or to share it: #link(d.cycle.webUrl, text(fill: teal, d.cycle.webUrl))]
  }
}

// ------------------------------------------------------------------ contents
#let contents() = {
  pagebreak(weak: true)
  page-title("Contents")
  for group in d.contents {
    h(2, 10.5pt, teal, group.category, above: 14pt, below: 5pt)
    for e in group.entries {
      // the case studies are laid out in other parts: the joined PDF turns this into a link to e.page
      link("#study-" + e.id, block(width: 100%, inset: (y: 3pt), stroke: (bottom: 0.5pt + rule-colour), breakable: false,
        grid(columns: (1fr, 32pt), align: (left + bottom, right + bottom),
          [#text(size: 11pt, e.title) \ #text(size: 8.5pt, fill: muted, e.tier)],
          text(size: 11pt, weight: 600, fill: navy, str(e.page)))))
    }
  }
}

// ------------------------------------------------------------------ a case study
#let study(s) = {
  pagebreak(weak: true)
  let colour = rgb(s.tier.colour)
  context [#metadata((id: s.id, title: s.title, page: here().page())) <study-start>]
  // the tier band, bled to the page edges
  block(width: 100%, inset: (top: 22pt, bottom: 14pt), outset: (x: 56pt, top: 58pt), fill: colour, above: 0pt, below: 0pt)[
    #set text(fill: white)
    #text(size: 9pt, s.categoryName) \
    #text(size: 17pt, weight: 700, s.tier.name)
    #if s.citation != "" { linebreak(); text(size: 10.5pt, style: "italic", s.citation) }
  ]
  v(-4pt)
  {
    set par(leading: 0.35em)
    h(1, 21pt, navy, s.title, above: 18pt, below: 8pt)
  }
  if s.summary != none { text(size: 11.5pt, weight: 600, fill: muted, para(s.summary)) }
  // every partner, by sector
  block(fill: tint, inset: (x: 12pt, y: 10pt), width: 100%, above: 12pt, breakable: s.partnersBreakable, {
    h(2, 11pt, teal, s.partnersHeading, above: 0pt, below: 6pt)
    grid(columns: s.sides.len() * (1fr,), column-gutter: 10pt,
      ..s.sides.map(side => {
        h(3, 8.5pt, muted, side.label, above: 0pt, below: 3pt, weight: 600)
        list(marker: none, indent: 0pt, body-indent: 0pt, spacing: 4pt, ..side.partners.map(p => {
          text(size: 10.5pt, weight: 600, p.name)
          if p.note != "" { linebreak(); text(size: 8.5pt, fill: muted, p.note) }
        }))
      }))
  })
  if s.photo != none {
    let p = s.photo
    let w = calc.min(content-width, 260pt * p.width / p.height)
    figure(image(p.path, alt: p.alt, width: w, height: w * p.height / p.width, fit: "stretch"), caption: if p.caption != "" { p.caption } else { none }, gap: 5pt, numbering: none)
  }
  for sec in s.sections {
    h(2, 13pt, navy, sec.heading)
    paras(sec.paras)
  }
  if s.quote != none {
    block(above: 14pt, below: 12pt, inset: (left: 14pt, y: 2pt), stroke: (left: 3pt + colour), breakable: false,
      quote(block: true, quotes: false, attribution: none, [
        #text(size: 13pt, style: "italic", para(s.quote.text))
        #if s.quote.by != "" { text(size: 9.5pt, fill: muted, s.quote.by) }
      ]))
  }
  if s.principles.len() > 0 {
    h(2, 13pt, navy, "Relevant Compact principles")
    enum(numbering: n => text(weight: 700, fill: teal, str(n)), indent: 0pt, body-indent: 8pt, spacing: 4pt,
      ..s.principles.map(pr => enum.item(pr.number, pr.label)))
  }
  if s.contact != none or s.started != "" {
    block(above: 14pt, stroke: (top: 0.75pt + rule-colour), inset: (top: 8pt), width: 100%, breakable: false,
      grid(columns: (2fr, 1fr), column-gutter: 12pt,
        if s.contact != none { h(2, 8.5pt, muted, "Contact", above: 0pt, below: 4pt, weight: 600); para(s.contact) },
        if s.started != "" { h(2, 8.5pt, muted, "Work started", above: 0pt, below: 4pt, weight: 600); s.started }))
  }
  if s.withheldNote != "" { v(12pt); text(size: 9pt, fill: muted, s.withheldNote) }
  if s.webUrl != "" {
    block(above: 12pt, text(size: 8.5pt, fill: muted)[This case study on the web: #link(s.webUrl, text(fill: teal, s.webUrl))])
  }
}

#show figure.caption: set text(size: 9pt, fill: muted)
#show figure: set block(above: 14pt, below: 10pt)

#if d.mode == "front" {
  cover()
  introduction()
  contents()
}
#for s in d.studies { study(s) }
`;
