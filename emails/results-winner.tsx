import * as React from "react";
import { oneLine, theName } from "./components/layout";
import { AwardEmail, SAMPLE_RESULTS_BASE, type ResultsEmailProps } from "./components/results-parts";

export type ResultsWinnerEmailProps = ResultsEmailProps;

export function subject(props: ResultsWinnerEmailProps): string {
  return oneLine(`Congratulations: your nomination is a winner in ${theName(props.cycle.name)}`);
}

export default function ResultsWinnerEmail(props: ResultsWinnerEmailProps) {
  return (
    <AwardEmail
      {...props}
      title={subject(props)}
      preview={`Wonderful news: the judges have chosen “${props.nominationTitle}” as a winner.`}
      heading={<>Congratulations, you have won</>}
      told={
        <>
          We are delighted to tell you that the judges have chosen “{props.nominationTitle}” as a winner in {theName(props.cycle.name)}.
        </>
      }
      recognises="The judges were very impressed by what your partners have done together."
    />
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
