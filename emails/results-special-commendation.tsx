import * as React from "react";
import { oneLine, theName } from "./components/layout";
import { AwardEmail, SAMPLE_RESULTS_BASE, type ResultsEmailProps } from "./components/results-parts";

export type ResultsSpecialCommendationEmailProps = ResultsEmailProps;

export function subject(props: ResultsSpecialCommendationEmailProps): string {
  return oneLine(`Congratulations: ${props.tierName} in ${theName(props.cycle.name)}`);
}

export default function ResultsSpecialCommendationEmail(props: ResultsSpecialCommendationEmailProps) {
  return (
    <AwardEmail
      {...props}
      title={subject(props)}
      preview={`Wonderful news: “${props.nominationTitle}” has received a ${props.tierName.toLowerCase()}.`}
      heading={<>Congratulations on your {props.tierName.toLowerCase()}</>}
      told={
        <>
          We are delighted to tell you that the judges have given “{props.nominationTitle}” a {props.tierName.toLowerCase()} in {theName(props.cycle.name)}.
        </>
      }
      recognises="The judges give a special commendation to a particularly strong example of partnership working. Your work really stood out."
    />
  );
}

ResultsSpecialCommendationEmail.PreviewProps = {
  ...SAMPLE_RESULTS_BASE,
  nominationTitle: "Positive About Breastfeeding",
  tierName: "Special commendation",
  partners: ["NCT Coventry", "Coventry City Council, Health Development Unit"],
  noteForNominators: "Trained local mothers as peer supporters and reached families that services had found hard to reach. A model for others.",
} satisfies ResultsSpecialCommendationEmailProps;
