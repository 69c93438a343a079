import * as React from "react";
import { ButtonLink, EmailLayout, H1, P, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type OrganiserInvitationEmailProps = {
  cycle: EmailCycle;
  inviterName: string;
  signInUrl: string;
};

export function subject(props: OrganiserInvitationEmailProps): string {
  return oneLine(`You have been asked to help run ${theName(props.cycle.name)}`);
}

export default function OrganiserInvitationEmail(props: OrganiserInvitationEmailProps) {
  const { cycle } = props;
  return (
    <EmailLayout
      cycle={cycle}
      title={subject(props)}
      preview={`${props.inviterName} has added you as an organiser of ${theName(cycle.name)}.`}
      footerNote="You got this email because an organiser added your email address to this award cycle."
    >
      <H1>You are now an organiser</H1>
      <P>
        {props.inviterName} has added you as an organiser of {theName(cycle.name)}.
      </P>
      <P>Organisers set the categories and dates, check each nomination, invite the judges, decide the results and send the results emails.</P>
      <P>Use the button below to sign in with this email address. You do not need a password.</P>
      <ButtonLink href={props.signInUrl}>Sign in to {cycle.name}</ButtonLink>
      <P>If you were not expecting this, please tell {cycle.contactName}.</P>
    </EmailLayout>
  );
}

OrganiserInvitationEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  inviterName: "Rob Allison",
  signInUrl: `${SAMPLE_BASE_URL}/sign-in?next=%2Fadmin%2Fcycles%2Fcoventry-2010`,
} satisfies OrganiserInvitationEmailProps;
