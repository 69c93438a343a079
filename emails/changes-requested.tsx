import * as React from "react";
import { ButtonLink, EmailLayout, H1, P, Quote, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type ChangesRequestedEmailProps = {
  cycle: EmailCycle;
  nominationTitle: string;
  partnerName: string;
  partnerOrganisation: string;
  comment: string;
  nominationUrl: string;
};

export function subject(props: ChangesRequestedEmailProps): string {
  return oneLine(`Your partner has asked for changes to your nomination for ${theName(props.cycle.name)}`);
}

export default function ChangesRequestedEmail(props: ChangesRequestedEmailProps) {
  return (
    <EmailLayout
      cycle={props.cycle}
      title={subject(props)}
      preview={`${props.partnerName} from ${props.partnerOrganisation} would like some changes before they confirm.`}
    >
      <H1>Your partner has asked for changes</H1>
      <P>
        {props.partnerName} from {props.partnerOrganisation} has read your nomination, “{props.nominationTitle}”. They would like some changes before they
        confirm it.
      </P>
      <Quote label={`What ${props.partnerName} said`} value={props.comment} />
      <P>Please make the changes. We will then ask {props.partnerName} to confirm it again.</P>
      <ButtonLink href={props.nominationUrl}>Open your nomination</ButtonLink>
    </EmailLayout>
  );
}

ChangesRequestedEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  nominationTitle: "Positive About Breastfeeding",
  partnerName: "Dr Helen Price",
  partnerOrganisation: "Coventry City Council, Health Development Unit",
  comment: "Thank you for writing this up. Please add the peer supporters' training to what happened.\n\nThe number of mothers reached was 240, not 200.",
  nominationUrl: `${SAMPLE_BASE_URL}/nominations/cm0x7k2p1000108l4c9h2d3e5`,
} satisfies ChangesRequestedEmailProps;
