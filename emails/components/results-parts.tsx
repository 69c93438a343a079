/**
 * Pieces shared by the results emails (one per outcome, and one for "not awarded").
 * No default export here: the preview CLI would list this file as an email.
 */
import * as React from "react";
import { EmailLayout, Facts, H1, H2, P, Quote, joinNames, type EmailCycle } from "./layout";
import { SAMPLE_CEREMONY, SAMPLE_CYCLE } from "./sample-data";

export type ResultsEmailProps = {
  cycle: EmailCycle;
  recipientName: string;
  nominationTitle: string;
  categoryName: string;
  /** The outcome tier's own name, e.g. "Special commendation". */
  tierName: string;
  /** Organisation names of every partner in the nomination. */
  partners: string[];
  /** Written out in UK time. When given, the results stay confidential until the ceremony. */
  ceremony?: { when: string; venue: string };
  /** The judges' note to the nominators, if they wrote one. */
  noteForNominators?: string;
};

export type NotAwardedEmailProps = Omit<ResultsEmailProps, "tierName">;

export function Partners({ partners, shared }: { partners: string[]; shared: boolean }) {
  const names = joinNames(partners);
  if (!names) return null;
  if (partners.length === 1) return <P>Thank you to everyone at {names}.</P>;
  return shared ? (
    <P>This award is shared by all the partners: {names}. Please pass on our congratulations to everyone involved.</P>
  ) : (
    <P>Thank you to all the partners: {names}.</P>
  );
}

export function JudgesNote({ note }: { note?: string }) {
  if (!note?.trim()) return null;
  return <Quote label="What the judges said" value={note.trim()} />;
}

export function CeremonyAndConfidentiality({ ceremony, awarded }: { ceremony?: ResultsEmailProps["ceremony"]; awarded: boolean }) {
  if (!ceremony) {
    return awarded ? <P>We will let you know soon how and when the results will be announced.</P> : null;
  }
  return (
    <>
      <H2>The awards ceremony</H2>
      <Facts
        items={[
          ["When", ceremony.when],
          ["Where", ceremony.venue],
        ]}
      />
      <P>
        {awarded
          ? "We will send you an invitation with the details. We hope that you and your partners can come."
          : "Everyone who made a nomination is welcome. We will send you an invitation with the details."}
      </P>
      <P>
        <strong>Please keep the results to yourselves for now. They are confidential until they are announced at the ceremony.</strong>
      </P>
    </>
  );
}

/**
 * The email for an award, whatever its tier: the headline, what the judges gave, the facts,
 * a line on what the award recognises, the partners, the judges' note and the ceremony.
 */
export function AwardEmail(props: ResultsEmailProps & { title: string; preview: string; heading: React.ReactNode; told: React.ReactNode; recognises: string }) {
  return (
    <EmailLayout cycle={props.cycle} title={props.title} preview={props.preview}>
      <H1>{props.heading}</H1>
      <P>Dear {props.recipientName},</P>
      <P>{props.told}</P>
      <Facts
        items={[
          ["Award", props.tierName],
          ["Nomination", props.nominationTitle],
          ["Category", props.categoryName],
        ]}
      />
      <P>{props.recognises}</P>
      <Partners partners={props.partners} shared />
      <JudgesNote note={props.noteForNominators} />
      <CeremonyAndConfidentiality ceremony={props.ceremony} awarded />
      <P>Well done, and thank you for everything you do together.</P>
    </EmailLayout>
  );
}

export const SAMPLE_RESULTS_BASE = {
  cycle: SAMPLE_CYCLE,
  recipientName: "Margaret Evans",
  categoryName: "Joint working between a statutory organisation and a voluntary or community organisation to achieve more together than each could alone",
  ceremony: SAMPLE_CEREMONY,
};
