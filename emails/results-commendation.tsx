import * as React from "react";
import { oneLine, theName } from "./components/layout";
import { AwardEmail, SAMPLE_RESULTS_BASE, type ResultsEmailProps } from "./components/results-parts";

export type ResultsCommendationEmailProps = ResultsEmailProps;

/** "a commendation", "an Outstanding contribution award": used for commendations and for a cycle's own extra tiers. */
export function awardPhrase(tierName: string): string {
  const name = tierName.trim();
  const lower = name.toLowerCase();
  if (lower === "commendation") return "a commendation";
  const noun = /\baward$/i.test(name) ? name : `${name} award`;
  return `${/^[aeiou]/i.test(name) ? "an" : "a"} ${noun}`;
}

export function subject(props: ResultsCommendationEmailProps): string {
  return oneLine(`Congratulations: ${props.tierName} in ${theName(props.cycle.name)}`);
}

export default function ResultsCommendationEmail(props: ResultsCommendationEmailProps) {
  const phrase = awardPhrase(props.tierName);
  return (
    <AwardEmail
      {...props}
      title={subject(props)}
      preview={`Good news: “${props.nominationTitle}” has received ${phrase}.`}
      heading={<>Congratulations: {props.tierName}</>}
      told={
        <>
          We are pleased to tell you that the judges have given “{props.nominationTitle}” {phrase} in {theName(props.cycle.name)}.
        </>
      }
      recognises="It recognises a good example of working together in the spirit of the Compact."
    />
  );
}

ResultsCommendationEmail.PreviewProps = {
  ...SAMPLE_RESULTS_BASE,
  nominationTitle: "Caring for Carers",
  tierName: "Commendation",
  partners: ["Coventry Carers Centre", "Coventry and Warwickshire Partnership Trust"],
  noteForNominators: "Carers told us how much difference the joint training made to them.",
} satisfies ResultsCommendationEmailProps;
