import * as React from "react";
import { EmailLayout, Facts, H1, P, oneLine, theName } from "./components/layout";
import { CeremonyAndConfidentiality, JudgesNote, Partners, SAMPLE_RESULTS_BASE, type ResultsEmailProps } from "./components/results-parts";

export type ResultsWinnerEmailProps = ResultsEmailProps;

export function subject(props: ResultsWinnerEmailProps): string {
  return oneLine(`Congratulations: your nomination is a winner in ${theName(props.cycle.name)}`);
}

export default function ResultsWinnerEmail(props: ResultsWinnerEmailProps) {
  return (
    <EmailLayout cycle={props.cycle} title={subject(props)} preview={`Wonderful news: the judges have chosen “${props.nominationTitle}” as a winner.`}>
      <H1>Congratulations, you have won</H1>
      <P>Dear {props.recipientName},</P>
      <P>
        We are delighted to tell you that the judges have chosen “{props.nominationTitle}” as a winner in {theName(props.cycle.name)}.
      </P>
      <Facts
        items={[
          ["Award", props.tierName],
          ["Nomination", props.nominationTitle],
          ["Category", props.categoryName],
        ]}
      />
      <P>The judges were very impressed by what your partners have done together.</P>
      <Partners partners={props.partners} shared />
      <JudgesNote note={props.noteForNominators} />
      <CeremonyAndConfidentiality ceremony={props.ceremony} awarded />
      <P>Well done, and thank you for everything you do together.</P>
    </EmailLayout>
  );
}

ResultsWinnerEmail.PreviewProps = {
  ...SAMPLE_RESULTS_BASE,
  nominationTitle: "Community Safety Strategic Assessment and Safer Neighbourhood Group induction pack",
  tierName: "Winner",
  partners: ["Coventry Community Empowerment Network (CEN)", "Coventry Community Safety Partnership"],
  noteForNominators:
    "A clear example of community knowledge shaping the city's priorities. The induction pack will help every new Safer Neighbourhood Group member.",
} satisfies ResultsWinnerEmailProps;
