import * as React from "react";
import { EmailLayout, Facts, H1, P, oneLine, theName } from "./components/layout";
import { CeremonyAndConfidentiality, JudgesNote, Partners, SAMPLE_RESULTS_BASE, type ResultsEmailProps } from "./components/results-parts";

export type ResultsHighlyCommendedEmailProps = ResultsEmailProps;

export function subject(props: ResultsHighlyCommendedEmailProps): string {
  return oneLine(`Congratulations: ${props.tierName} in ${theName(props.cycle.name)}`);
}

export default function ResultsHighlyCommendedEmail(props: ResultsHighlyCommendedEmailProps) {
  return (
    <EmailLayout cycle={props.cycle} title={subject(props)} preview={`Good news: the judges have highly commended “${props.nominationTitle}”.`}>
      <H1>Congratulations: {props.tierName}</H1>
      <P>Dear {props.recipientName},</P>
      <P>
        We are pleased to tell you that the judges have highly commended “{props.nominationTitle}” in {theName(props.cycle.name)}.
      </P>
      <Facts
        items={[
          ["Award", props.tierName],
          ["Nomination", props.nominationTitle],
          ["Category", props.categoryName],
        ]}
      />
      <P>It recognises a good example of working together in the spirit of the Compact.</P>
      <Partners partners={props.partners} shared />
      <JudgesNote note={props.noteForNominators} />
      <CeremonyAndConfidentiality ceremony={props.ceremony} awarded />
      <P>Well done, and thank you for everything you do together.</P>
    </EmailLayout>
  );
}

ResultsHighlyCommendedEmail.PreviewProps = {
  ...SAMPLE_RESULTS_BASE,
  nominationTitle: "Café Connect work experience",
  tierName: "Highly commended",
  partners: ["Coventry United Reformed Church", "Henley College Coventry"],
  noteForNominators: "Real work experience that builds confidence, in a café the whole community uses.",
} satisfies ResultsHighlyCommendedEmailProps;
