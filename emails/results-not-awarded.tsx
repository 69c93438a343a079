import * as React from "react";
import { EmailLayout, Facts, H1, P, oneLine, theName } from "./components/layout";
import { CeremonyAndConfidentiality, JudgesNote, Partners, SAMPLE_RESULTS_BASE, type NotAwardedEmailProps } from "./components/results-parts";

export type ResultsNotAwardedEmailProps = NotAwardedEmailProps;

export function subject(props: ResultsNotAwardedEmailProps): string {
  return oneLine(`Thank you for your nomination to ${theName(props.cycle.name)}`);
}

/** Kind and encouraging: no "unsuccessful", no "failed". */
export default function ResultsNotAwardedEmail(props: ResultsNotAwardedEmailProps) {
  const { cycle } = props;
  return (
    <EmailLayout
      cycle={cycle}
      title={subject(props)}
      preview={`Thank you for nominating “${props.nominationTitle}”. The judges have now made their decisions.`}
    >
      <H1>Thank you for your nomination</H1>
      <P>Dear {props.recipientName},</P>
      <P>
        Thank you for nominating “{props.nominationTitle}” for {theName(cycle.name)}. The judges have now made their decisions.
      </P>
      <Facts
        items={[
          ["Nomination", props.nominationTitle],
          ["Category", props.categoryName],
        ]}
      />
      <P>We are sorry to tell you that your nomination has not received an award this time.</P>
      <P>
        The panel valued reading about your work and what your partnership has done for local people. There were many strong nominations this year, and the
        choices were hard to make.
      </P>
      <JudgesNote note={props.noteForNominators} />
      <Partners partners={props.partners} shared={false} />
      <CeremonyAndConfidentiality ceremony={props.ceremony} awarded={false} />
      <P>
        Please do nominate your work again next year. Partnerships often grow stronger over time, and we would love to hear how yours develops. If you would
        like to talk about your nomination, please contact {cycle.contactName}.
      </P>
    </EmailLayout>
  );
}

ResultsNotAwardedEmail.PreviewProps = {
  ...SAMPLE_RESULTS_BASE,
  nominationTitle: "Earlsdon Good Neighbours lunch club (example)",
  partners: ["Earlsdon Good Neighbours", "Coventry City Council, Adult Social Care"],
  noteForNominators: "A warm and welcome service. We would like to hear more next time about how the partners plan and decide things together.",
} satisfies ResultsNotAwardedEmailProps;
