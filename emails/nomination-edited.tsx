import * as React from "react";
import { ButtonLink, EmailLayout, H1, P, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type NominationEditedEmailProps = {
  cycle: EmailCycle;
  nominationTitle: string;
  editorName: string;
  nominationUrl: string;
};

export function subject(props: NominationEditedEmailProps): string {
  return oneLine(`Your nomination for ${theName(props.cycle.name)} has been changed`);
}

export default function NominationEditedEmail(props: NominationEditedEmailProps) {
  return (
    <EmailLayout
      cycle={props.cycle}
      title={subject(props)}
      preview={`${props.editorName} has made changes to “${props.nominationTitle}”.`}
      footerNote="We tell every partner when a nomination they are part of is changed."
    >
      <H1>Your nomination has been changed</H1>
      <P>
        {props.editorName} has made changes to the nomination “{props.nominationTitle}”.
      </P>
      <P>You do not need to do anything. You can read the latest version at any time.</P>
      <ButtonLink href={props.nominationUrl}>Read the nomination</ButtonLink>
      <P>
        If you did not expect these changes, please talk to {props.editorName} or tell {props.cycle.contactName}.
      </P>
    </EmailLayout>
  );
}

NominationEditedEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  nominationTitle: "Caring for Carers",
  editorName: "James O'Neill",
  nominationUrl: `${SAMPLE_BASE_URL}/nominations/cm0x7kc8r000308l4a7d3e9f1`,
} satisfies NominationEditedEmailProps;
