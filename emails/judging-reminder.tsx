import * as React from "react";
import { ButtonLink, EmailLayout, H1, P, oneLine, plural, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type JudgingReminderEmailProps = {
  cycle: EmailCycle;
  judgeName: string;
  /** Nominations this judge has not yet scored. */
  outstanding: number;
  /** Nominations given to this judge. */
  total: number;
  judgeUrl: string;
  /** Already written out in UK time. */
  judgingCloses: string;
};

export function subject(props: JudgingReminderEmailProps): string {
  if (props.outstanding <= 0) return oneLine(`Judging closes on ${props.judgingCloses}`);
  return oneLine(`Reminder: ${plural(props.outstanding, "nomination", "nominations")} still to score by ${props.judgingCloses}`);
}

export default function JudgingReminderEmail(props: JudgingReminderEmailProps) {
  const { cycle } = props;
  const done = Math.max(0, props.total - props.outstanding);
  return (
    <EmailLayout
      cycle={cycle}
      title={subject(props)}
      preview={`You have scored ${done} of ${props.total}. Judging closes on ${props.judgingCloses}.`}
      footerNote={`You got this email because you are a judge for ${theName(cycle.name)}.`}
    >
      <H1>A reminder about judging</H1>
      <P>Dear {props.judgeName},</P>
      <P>
        Thank you for judging {theName(cycle.name)}. You have scored {done} of your {plural(props.total, "nomination", "nominations")}.
      </P>
      {props.outstanding > 0 ? (
        <P>
          <strong>
            {plural(props.outstanding, "nomination is", "nominations are")} still to score. Judging closes on {props.judgingCloses}.
          </strong>
        </P>
      ) : (
        <P>You have scored them all. You can still change your scores until judging closes on {props.judgingCloses}.</P>
      )}
      <P>Your scores are saved as you go, so you can stop and come back at any time.</P>
      <ButtonLink href={props.judgeUrl}>Go to your judging list</ButtonLink>
      <P>If you cannot finish in time, please tell {cycle.contactName} as soon as you can.</P>
    </EmailLayout>
  );
}

JudgingReminderEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  judgeName: "Councillor Ann Lucas",
  outstanding: 3,
  total: 8,
  judgeUrl: `${SAMPLE_BASE_URL}/judge`,
  judgingCloses: "Friday 28 May 2010, 5pm",
} satisfies JudgingReminderEmailProps;
