import * as React from "react";
import { ButtonLink, EmailLayout, GENERIC_NAME, H1, P, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type SignInEmailProps = {
  url: string;
  expiresInMinutes: number;
  /** Absent when someone signs in from the home page rather than from a cycle's page. */
  cycle?: EmailCycle;
};

/** "30 minutes", "1 hour", "1 hour 30 minutes", "24 hours". */
export function formatDuration(minutes: number): string {
  const m = Math.max(1, Math.round(minutes));
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  const h = hours === 1 ? "1 hour" : `${hours} hours`;
  const mm = rest === 1 ? "1 minute" : `${rest} minutes`;
  if (hours === 0) return mm;
  if (rest === 0) return h;
  return `${h} ${mm}`;
}

export function subject(props: SignInEmailProps): string {
  return `Your sign-in link for ${props.cycle?.name.trim() || GENERIC_NAME}`;
}

export default function SignInEmail(props: SignInEmailProps) {
  const name = props.cycle?.name.trim() || GENERIC_NAME;
  const duration = formatDuration(props.expiresInMinutes);
  return (
    <EmailLayout
      cycle={props.cycle}
      title={subject(props)}
      preview={`Your link to sign in to ${name}. It works once, for ${duration}.`}
      footerNote="You got this email because someone asked to sign in with this email address."
    >
      <H1>Sign in to {name}</H1>
      <P>Use the button below to sign in. You do not need a password.</P>
      <ButtonLink href={props.url}>Sign in to {name}</ButtonLink>
      <P>The link works once and stops working after {duration}. If it has stopped working, go back to the sign-in page and ask for a new one.</P>
      <P>If you did not ask to sign in, you can ignore this email. Nobody can sign in without this link.</P>
    </EmailLayout>
  );
}

SignInEmail.PreviewProps = {
  url: `${SAMPLE_BASE_URL}/auth/verify?token=3f9c2b7e1a5d4c8f9e0b6a2d7c4e1f38`,
  expiresInMinutes: 30,
  cycle: SAMPLE_CYCLE,
} satisfies SignInEmailProps;
