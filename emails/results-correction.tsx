import * as React from "react";
import { EmailLayout, Facts, H1, P, oneLine, theName } from "./components/layout";
import { CeremonyAndConfidentiality, Partners, SAMPLE_RESULTS_BASE } from "./components/results-parts";
import type { EmailCycle } from "./components/layout";

/**
 * A correction to a results email already sent: the outcome the partners were told has
 * changed since. Sent only to the partner contacts who were told the earlier outcome
 * (app/mail/corrections.server.ts, docs/decisions/0053).
 */
export type ResultsCorrectionEmailProps = {
  cycle: EmailCycle;
  recipientName: string;
  nominationTitle: string;
  categoryName: string;
  /** Organisation names of every partner in the nomination. */
  partners: string[];
  /** What the earlier email said: a tier's name, or "Not awarded". */
  previousOutcome: string;
  /** What is right now: a tier's name, or "Not awarded". */
  outcome: string;
  /** Whether the corrected outcome is an award. */
  awarded: boolean;
  ceremony?: { when: string; venue: string };
};

export function subject(props: ResultsCorrectionEmailProps): string {
  return oneLine(`Correction to your result in ${theName(props.cycle.name)}`);
}

export default function ResultsCorrectionEmail(props: ResultsCorrectionEmailProps) {
  const { cycle } = props;
  return (
    <EmailLayout cycle={cycle} title={subject(props)} preview={`A correction about “${props.nominationTitle}”: the outcome is now ${props.outcome}.`}>
      <H1>A correction to your result</H1>
      <P>Dear {props.recipientName},</P>
      <P>
        We wrote to you about “{props.nominationTitle}” in {theName(cycle.name)}. We are sorry: the outcome we gave you has changed since, and this email
        replaces the earlier one.
      </P>
      <Facts
        items={[
          ["Nomination", props.nominationTitle],
          ["Category", props.categoryName],
          ["We told you", props.previousOutcome],
          ["The outcome now", props.outcome],
        ]}
      />
      <P>
        {props.awarded
          ? `The judges' decision is ${props.outcome}. Congratulations to everyone involved.`
          : "Your nomination has not received an award this time. We are sorry for the confusion our earlier email caused."}
      </P>
      <Partners partners={props.partners} shared={props.awarded} />
      <CeremonyAndConfidentiality ceremony={props.ceremony} awarded={props.awarded} />
      <P>If you have any questions about this correction, please contact {cycle.contactName}.</P>
    </EmailLayout>
  );
}

ResultsCorrectionEmail.PreviewProps = {
  ...SAMPLE_RESULTS_BASE,
  nominationTitle: "Café Connect work experience",
  partners: ["Coventry United Reformed Church", "Henley College Coventry"],
  previousOutcome: "Commendation",
  outcome: "Highly commended",
  awarded: true,
} satisfies ResultsCorrectionEmailProps;
