import * as React from "react";
import { ButtonLink, EmailLayout, Facts, H1, H2, P, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type JudgeInvitationEmailProps = {
  cycle: EmailCycle;
  judgeName: string;
  signInUrl: string;
  /** Already written out in UK time. */
  judgingOpens: string;
  judgingCloses: string;
};

export function subject(props: JudgeInvitationEmailProps): string {
  return oneLine(`You are invited to judge ${theName(props.cycle.name)}`);
}

export default function JudgeInvitationEmail(props: JudgeInvitationEmailProps) {
  const { cycle } = props;
  return (
    <EmailLayout
      cycle={cycle}
      title={subject(props)}
      preview={`Thank you for helping. Judging opens on ${props.judgingOpens}.`}
      footerNote="You got this email because an organiser added you as a judge."
    >
      <H1>You are invited to be a judge</H1>
      <P>Dear {props.judgeName},</P>
      <P>
        You have been added as a judge for {theName(cycle.name)}. Thank you for giving your time. The awards celebrate statutory and voluntary or community
        groups who achieve more by working together.
      </P>
      <Facts
        items={[
          ["Judging opens", props.judgingOpens],
          ["Judging closes", props.judgingCloses],
        ]}
      />
      <H2>What you will do</H2>
      <P>
        You will read the nominations given to you and score each one against the criteria. There is space for a comment to the organisers, and for a note to
        the nominators if you would like to add one.
      </P>
      <P>If you work for, or closely with, an organisation in a nomination, please tell us. You will not judge that nomination. We check for this too.</P>
      <ButtonLink href={props.signInUrl}>Sign in to see your nominations</ButtonLink>
      <P>If you have any questions, please contact {cycle.contactName}.</P>
    </EmailLayout>
  );
}

JudgeInvitationEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  judgeName: "Councillor Ann Lucas",
  signInUrl: `${SAMPLE_BASE_URL}/sign-in?next=%2Fjudge`,
  judgingOpens: "Monday 10 May 2010, 9am",
  judgingCloses: "Friday 28 May 2010, 5pm",
} satisfies JudgeInvitationEmailProps;
