import * as React from "react";
import { BulletList, ButtonLink, EmailLayout, Facts, H1, H2, P, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type NominationReceivedEmailProps = {
  cycle: EmailCycle;
  nominationTitle: string;
  categoryName: string;
  partners: { organisation: string; sectorLabel: string; role: string }[];
  nominationUrl: string;
  recipientName: string;
};

export function subject(props: NominationReceivedEmailProps): string {
  return oneLine(`Nomination received: ${props.cycle.name}`);
}

export default function NominationReceivedEmail(props: NominationReceivedEmailProps) {
  const { cycle } = props;
  return (
    <EmailLayout
      cycle={cycle}
      title={subject(props)}
      preview={`Thank you. Your nomination for ${theName(cycle.name)} has been received.`}
      footerNote="We sent this email to the contact for each partner in the nomination."
    >
      <H1>Thank you for your nomination</H1>
      <P>Dear {props.recipientName},</P>
      <P>Both lead partners have confirmed it, so your nomination for {theName(cycle.name)} is now complete. We have received it.</P>
      <Facts
        items={[
          ["Nomination", props.nominationTitle],
          ["Category", props.categoryName],
        ]}
      />
      <H2>The partners</H2>
      <BulletList items={props.partners.map((p) => `${p.organisation} (${p.sectorLabel}): ${p.role}`)} />
      <H2>What happens next</H2>
      <P>First we check that the nomination meets the rules. Then a panel of judges reads it. We will email every partner when the results are decided.</P>
      <ButtonLink href={props.nominationUrl}>Read your nomination</ButtonLink>
    </EmailLayout>
  );
}

NominationReceivedEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  nominationTitle: "Contact & Connect",
  categoryName: "Joint working between a statutory organisation and a voluntary or community organisation to achieve more together than each could alone",
  partners: [
    { organisation: "Age Concern Coventry", sectorLabel: "Voluntary or community", role: "Lead voluntary or community partner" },
    { organisation: "Older People's Partnership, Coventry City Council", sectorLabel: "Statutory", role: "Lead statutory partner" },
    { organisation: "Coventry Carers Centre", sectorLabel: "Voluntary or community", role: "Other partner" },
  ],
  nominationUrl: `${SAMPLE_BASE_URL}/nominations/cm0x7k9q4000208l4f1a6b2c7`,
  recipientName: "Margaret Evans",
} satisfies NominationReceivedEmailProps;
