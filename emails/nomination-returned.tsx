import * as React from "react";
import { ButtonLink, EmailLayout, H1, P, Quote, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type NominationReturnedEmailProps = {
  cycle: EmailCycle;
  nominationTitle: string;
  comment: string;
  nominationUrl: string;
  /** Already written out in UK time. */
  deadline: string;
};

export function subject(props: NominationReturnedEmailProps): string {
  return oneLine(`Your nomination for ${theName(props.cycle.name)} needs some changes`);
}

export default function NominationReturnedEmail(props: NominationReturnedEmailProps) {
  return (
    <EmailLayout
      cycle={props.cycle}
      title={subject(props)}
      preview={`The organisers have sent your nomination back with a note. Please send it again by ${props.deadline}.`}
    >
      <H1>Your nomination needs some changes</H1>
      <P>Thank you for your nomination, “{props.nominationTitle}”. The organisers have read it and sent it back to you with a note.</P>
      <Quote label="The organisers’ note" value={props.comment} />
      <P>
        <strong>Please make the changes and send it in again by {props.deadline}.</strong>
      </P>
      <ButtonLink href={props.nominationUrl}>Open your nomination</ButtonLink>
      <P>If anything is not clear, please contact {props.cycle.contactName}. We are happy to help.</P>
    </EmailLayout>
  );
}

NominationReturnedEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  nominationTitle: "Reunite",
  comment: "Please add the name and email address of your contact at West Midlands Police. We also need your summary to be 60 words or fewer.",
  nominationUrl: `${SAMPLE_BASE_URL}/nominations/cm0x7kf2t000408l4b3c8d1e6`,
  deadline: "Friday 7 May 2010, 5pm",
} satisfies NominationReturnedEmailProps;
