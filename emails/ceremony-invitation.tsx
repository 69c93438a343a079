import * as React from "react";
import { EmailLayout, Facts, H1, MailLink, P, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_CEREMONY, SAMPLE_CYCLE } from "./components/sample-data";

export type CeremonyInvitationEmailProps = {
  cycle: EmailCycle;
  recipientName: string;
  /** Already written out in UK time. */
  when: string;
  venue: string;
  rsvpEmail: string;
};

export function subject(props: CeremonyInvitationEmailProps): string {
  return oneLine(`You are invited: ${props.cycle.name} ceremony, ${props.when}`);
}

/** The sender attaches the calendar file (app/mail/ics.ts); this email only mentions it. */
export default function CeremonyInvitationEmail(props: CeremonyInvitationEmailProps) {
  const { cycle } = props;
  return (
    <EmailLayout cycle={cycle} title={subject(props)} preview={`Join us on ${props.when} at ${props.venue}.`}>
      <H1>You are invited to the awards ceremony</H1>
      <P>Dear {props.recipientName},</P>
      <P>We would love you to join us at the ceremony for {theName(cycle.name)}, to celebrate the partnerships nominated this year.</P>
      <Facts
        items={[
          ["When", props.when],
          ["Where", props.venue],
        ]}
      />
      <P>
        Please tell us if you can come by emailing <MailLink email={props.rsvpEmail} />. Let us know too if you have any access needs, so we can plan for them.
      </P>
      <P>We have attached a calendar invitation to this email. Open it to add the ceremony to your calendar.</P>
      <P>We look forward to seeing you.</P>
    </EmailLayout>
  );
}

CeremonyInvitationEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  recipientName: "Margaret Evans",
  when: SAMPLE_CEREMONY.when,
  venue: SAMPLE_CEREMONY.venue,
  rsvpEmail: "compact@coventry-cen.example.org",
} satisfies CeremonyInvitationEmailProps;
