import * as React from "react";
import { EmailLayout, H1, MailLink, P, Quote, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_CYCLE } from "./components/sample-data";

export type NominationIneligibleEmailProps = {
  cycle: EmailCycle;
  nominationTitle: string;
  reason: string;
};

export function subject(props: NominationIneligibleEmailProps): string {
  return oneLine(`About your nomination for ${theName(props.cycle.name)}`);
}

export default function NominationIneligibleEmail(props: NominationIneligibleEmailProps) {
  const { cycle } = props;
  return (
    <EmailLayout cycle={cycle} title={subject(props)} preview={`Your nomination cannot go to the judges this time. Here is why.`}>
      <H1>About your nomination</H1>
      <P>
        Thank you for nominating “{props.nominationTitle}” for {theName(cycle.name)}.
      </P>
      <P>We are sorry, but it cannot go to the judges this time, because it does not meet the rules for the awards.</P>
      <Quote label="Why" value={props.reason} />
      <P>
        If you think we have got this wrong, please contact {cycle.contactName} at <MailLink email={cycle.contactEmail} />.
      </P>
      <P>Thank you for the work you do together. We hope you will nominate again next year.</P>
    </EmailLayout>
  );
}

NominationIneligibleEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  nominationTitle: "Spon End Summer Fun Day",
  reason:
    "Every nomination must be made jointly by a statutory partner and a voluntary or community partner. This one has two voluntary partners and no statutory partner.",
} satisfies NominationIneligibleEmailProps;
