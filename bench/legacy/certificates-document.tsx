/**
 * Award certificates: A4 landscape, one page per award, naming the awards, the outcome,
 * the project and every partner organisation. Same embedded font as the booklet
 * (app/booklet/fonts.server.ts). Sizes shrink for long titles and long partner lists so
 * that every certificate stays on its one page.
 */
import { Document, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import { FONT } from "./booklet-document";
import { INK, MUTED, NAVY, tierColour } from "~/booklet/theme";
import type { RunningOrder } from "~/ceremony/ceremony.server";

const s = StyleSheet.create({
  page: { fontFamily: FONT, color: INK, padding: 26, backgroundColor: "#ffffff" },
  frame: { flexGrow: 1, borderWidth: 3, padding: 6 },
  inner: { flexGrow: 1, borderWidth: 0.75, paddingHorizontal: 46, paddingVertical: 30, alignItems: "center", justifyContent: "space-between" },
  kicker: { fontSize: 12, letterSpacing: 1, textTransform: "uppercase", color: MUTED, textAlign: "center" },
  tier: { fontSize: 44, fontWeight: 700, textAlign: "center" },
  presented: { fontSize: 12, color: MUTED, textAlign: "center", marginTop: 14 },
  title: { fontWeight: 700, color: NAVY, textAlign: "center", lineHeight: 1.15, marginTop: 6 },
  partnersLead: { fontSize: 11, color: MUTED, textAlign: "center", marginTop: 12 },
  partners: { textAlign: "center", lineHeight: 1.3, marginTop: 4, fontWeight: 600 },
  category: { fontSize: 10, color: MUTED, textAlign: "center", fontStyle: "italic", marginTop: 10 },
  citation: { fontSize: 12.5, fontStyle: "italic", textAlign: "center", marginTop: 10, lineHeight: 1.3 },
  footer: { flexDirection: "row", justifyContent: "space-between", alignSelf: "stretch", alignItems: "flex-end" },
  footerBlock: { width: "42%" },
  signatureLine: { borderTopWidth: 0.75, borderTopColor: INK, paddingTop: 4, fontSize: 10, color: MUTED },
});

function titleSize(title: string) {
  if (title.length > 110) return 17;
  if (title.length > 70) return 21;
  if (title.length > 40) return 25;
  return 30;
}

function partnerSize(names: string[]) {
  const chars = names.join(" · ").length;
  if (chars > 500) return 8.5;
  if (chars > 300) return 10;
  if (chars > 160) return 12;
  return 15;
}

export function CertificatesDocument({ order }: { order: RunningOrder }) {
  const { cycle } = order;
  const items = order.categories.flatMap((c) => c.items.map((item) => ({ ...item, categoryName: c.name })));
  return (
    <Document title={`${cycle.name}: certificates`} author={`${cycle.area} Compact`} creator="Compact Awards" producer="Compact Awards" language="en-GB">
      {items.map((item) => {
        const colour = tierColour(item.tier.kind);
        const names = item.partners.map((p) => p.name);
        return (
          <Page key={item.decisionId} size="A4" orientation="landscape" style={s.page}>
            <View style={[s.frame, { borderColor: colour }]}>
              <View style={[s.inner, { borderColor: colour }]}>
                <Text style={s.kicker}>{cycle.name}</Text>
                <View style={{ alignItems: "center", alignSelf: "stretch", flexGrow: 1, justifyContent: "center", paddingVertical: 10 }}>
                  <Text style={[s.tier, { color: colour }]}>{item.tier.name}</Text>
                  <Text style={s.presented}>presented to</Text>
                  <Text style={[s.title, { fontSize: titleSize(item.title) }]}>{item.title}</Text>
                  <Text style={s.partnersLead}>{names.length === 1 ? "the work of" : "a partnership of"}</Text>
                  <Text style={[s.partners, { fontSize: partnerSize(names) }]}>{names.join("  ·  ")}</Text>
                  {item.citation ? <Text style={s.citation}>{item.citation}</Text> : null}
                  <Text style={s.category}>{item.categoryName}</Text>
                </View>
                <View style={s.footer}>
                  <View style={s.footerBlock}>
                    <Text style={s.signatureLine}>{cycle.signOff || `For the ${cycle.area} Compact`}</Text>
                  </View>
                  <View style={s.footerBlock}>
                    <Text style={[s.signatureLine, { textAlign: "right" }]}>{cycle.ceremony || cycle.name}</Text>
                  </View>
                </View>
              </View>
            </View>
          </Page>
        );
      })}
    </Document>
  );
}
