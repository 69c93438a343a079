import * as React from "react";
import { EmailLayout, Facts, H1, P, oneLine, theName } from "./components/layout";
import { CeremonyAndConfidentiality, JudgesNote, Partners, SAMPLE_RESULTS_BASE, type ResultsEmailProps } from "./components/results-parts";

export type ResultsSpecialCommendationEmailProps = ResultsEmailProps;

export function subject(props: ResultsSpecialCommendationEmailProps): string {
  return oneLine(`Congratulations: ${props.tierName} in ${theName(props.cycle.name)}`);
}

export default function ResultsSpecialCommendationEmail(props: ResultsSpecialCommendationEmailProps) {
  return (
    <EmailLayout
      cycle={props.cycle}
      title={subject(props)}
      preview={`Wonderful news: “${props.nominationTitle}” has received a ${props.tierName.toLowerCase()}.`}
    >
      <H1>Congratulations on your {props.tierName.toLowerCase()}</H1>
      <P>Dear {props.recipientName},</P>
      <P>
        We are delighted to tell you that the judges have given “{props.nominationTitle}” a {props.tierName.toLowerCase()} in {theName(props.cycle.name)}.
      </P>
      <Facts
        items={[
          ["Award", props.tierName],
          ["Nomination", props.nominationTitle],
          ["Category", props.categoryName],
        ]}
      />
      <P>The judges give a special commendation to a particularly strong example of partnership working. Your work really stood out.</P>
      <Partners partners={props.partners} shared />
      <JudgesNote note={props.noteForNominators} />
      <CeremonyAndConfidentiality ceremony={props.ceremony} awarded />
      <P>Well done, and thank you for everything you do together.</P>
    </EmailLayout>
  );
}

ResultsSpecialCommendationEmail.PreviewProps = {
  ...SAMPLE_RESULTS_BASE,
  nominationTitle: "Positive About Breastfeeding",
  tierName: "Special commendation",
  partners: ["NCT Coventry", "Coventry City Council, Health Development Unit"],
  noteForNominators: "Trained local mothers as peer supporters and reached families that services had found hard to reach. A model for others.",
} satisfies ResultsSpecialCommendationEmailProps;
