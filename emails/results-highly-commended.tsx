import * as React from "react";
import { oneLine, theName } from "./components/layout";
import { AwardEmail, SAMPLE_RESULTS_BASE, type ResultsEmailProps } from "./components/results-parts";

export type ResultsHighlyCommendedEmailProps = ResultsEmailProps;

export function subject(props: ResultsHighlyCommendedEmailProps): string {
  return oneLine(`Congratulations: ${props.tierName} in ${theName(props.cycle.name)}`);
}

export default function ResultsHighlyCommendedEmail(props: ResultsHighlyCommendedEmailProps) {
  return (
    <AwardEmail
      {...props}
      title={subject(props)}
      preview={`Good news: the judges have highly commended “${props.nominationTitle}”.`}
      heading={<>Congratulations: {props.tierName}</>}
      told={
        <>
          We are pleased to tell you that the judges have highly commended “{props.nominationTitle}” in {theName(props.cycle.name)}.
        </>
      }
      recognises="It recognises a good example of working together in the spirit of the Compact."
    />
  );
}

ResultsHighlyCommendedEmail.PreviewProps = {
  ...SAMPLE_RESULTS_BASE,
  nominationTitle: "Café Connect work experience",
  tierName: "Highly commended",
  partners: ["Coventry United Reformed Church", "Henley College Coventry"],
  noteForNominators: "Real work experience that builds confidence, in a café the whole community uses.",
} satisfies ResultsHighlyCommendedEmailProps;
