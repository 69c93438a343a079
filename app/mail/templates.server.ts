/**
 * Every email the awards send, by name: render one to a subject, HTML and plain text.
 *
 * The templates live in emails/ (react-email). They are imported with relative paths so
 * that both the Remix compiler and tsx resolve them the same way.
 */
import { createElement, type FunctionComponent } from "react";
import { render, toPlainText } from "@react-email/render";

import SignInEmail, { subject as signInSubject, type SignInEmailProps } from "../../emails/sign-in";
import OrganiserInvitationEmail, { subject as organiserInvitationSubject, type OrganiserInvitationEmailProps } from "../../emails/organiser-invitation";
import PartnerConfirmationRequestEmail, {
  subject as partnerConfirmationRequestSubject,
  type PartnerConfirmationRequestEmailProps,
} from "../../emails/partner-confirmation-request";
import ChangesRequestedEmail, { subject as changesRequestedSubject, type ChangesRequestedEmailProps } from "../../emails/changes-requested";
import NominationReceivedEmail, { subject as nominationReceivedSubject, type NominationReceivedEmailProps } from "../../emails/nomination-received";
import NominationEditedEmail, { subject as nominationEditedSubject, type NominationEditedEmailProps } from "../../emails/nomination-edited";
import NominationReturnedEmail, { subject as nominationReturnedSubject, type NominationReturnedEmailProps } from "../../emails/nomination-returned";
import NominationIneligibleEmail, { subject as nominationIneligibleSubject, type NominationIneligibleEmailProps } from "../../emails/nomination-ineligible";
import JudgeInvitationEmail, { subject as judgeInvitationSubject, type JudgeInvitationEmailProps } from "../../emails/judge-invitation";
import JudgingReminderEmail, { subject as judgingReminderSubject, type JudgingReminderEmailProps } from "../../emails/judging-reminder";
import ResultsWinnerEmail, { subject as resultsWinnerSubject, type ResultsWinnerEmailProps } from "../../emails/results-winner";
import ResultsSpecialCommendationEmail, {
  subject as resultsSpecialCommendationSubject,
  type ResultsSpecialCommendationEmailProps,
} from "../../emails/results-special-commendation";
import ResultsCommendationEmail, { subject as resultsCommendationSubject, type ResultsCommendationEmailProps } from "../../emails/results-commendation";
import ResultsHighlyCommendedEmail, {
  subject as resultsHighlyCommendedSubject,
  type ResultsHighlyCommendedEmailProps,
} from "../../emails/results-highly-commended";
import ResultsNotAwardedEmail, { subject as resultsNotAwardedSubject, type ResultsNotAwardedEmailProps } from "../../emails/results-not-awarded";
import ResultsCorrectionEmail, { subject as resultsCorrectionSubject, type ResultsCorrectionEmailProps } from "../../emails/results-correction";
import CeremonyInvitationEmail, { subject as ceremonyInvitationSubject, type CeremonyInvitationEmailProps } from "../../emails/ceremony-invitation";

export type { EmailCycle } from "../../emails/components/layout";

/** The props each template takes, by template name. */
export interface EmailPropsByName {
  "sign-in": SignInEmailProps;
  "organiser-invitation": OrganiserInvitationEmailProps;
  "partner-confirmation-request": PartnerConfirmationRequestEmailProps;
  "changes-requested": ChangesRequestedEmailProps;
  "nomination-received": NominationReceivedEmailProps;
  "nomination-edited": NominationEditedEmailProps;
  "nomination-returned": NominationReturnedEmailProps;
  "nomination-ineligible": NominationIneligibleEmailProps;
  "judge-invitation": JudgeInvitationEmailProps;
  "judging-reminder": JudgingReminderEmailProps;
  "results-winner": ResultsWinnerEmailProps;
  "results-special-commendation": ResultsSpecialCommendationEmailProps;
  "results-commendation": ResultsCommendationEmailProps;
  "results-highly-commended": ResultsHighlyCommendedEmailProps;
  "results-not-awarded": ResultsNotAwardedEmailProps;
  "results-correction": ResultsCorrectionEmailProps;
  "ceremony-invitation": CeremonyInvitationEmailProps;
}

export type EmailTemplateName = keyof EmailPropsByName;
export type EmailProps<N extends EmailTemplateName> = EmailPropsByName[N];

export type RenderedEmail = { subject: string; html: string; text: string };

type TemplateEntry<P> = {
  Component: FunctionComponent<P> & { PreviewProps: P };
  subject: (props: P) => string;
};

const TEMPLATES: { [N in EmailTemplateName]: TemplateEntry<EmailPropsByName[N]> } = {
  "sign-in": { Component: SignInEmail, subject: signInSubject },
  "organiser-invitation": { Component: OrganiserInvitationEmail, subject: organiserInvitationSubject },
  "partner-confirmation-request": {
    Component: PartnerConfirmationRequestEmail,
    subject: partnerConfirmationRequestSubject,
  },
  "changes-requested": { Component: ChangesRequestedEmail, subject: changesRequestedSubject },
  "nomination-received": { Component: NominationReceivedEmail, subject: nominationReceivedSubject },
  "nomination-edited": { Component: NominationEditedEmail, subject: nominationEditedSubject },
  "nomination-returned": { Component: NominationReturnedEmail, subject: nominationReturnedSubject },
  "nomination-ineligible": { Component: NominationIneligibleEmail, subject: nominationIneligibleSubject },
  "judge-invitation": { Component: JudgeInvitationEmail, subject: judgeInvitationSubject },
  "judging-reminder": { Component: JudgingReminderEmail, subject: judgingReminderSubject },
  "results-winner": { Component: ResultsWinnerEmail, subject: resultsWinnerSubject },
  "results-special-commendation": {
    Component: ResultsSpecialCommendationEmail,
    subject: resultsSpecialCommendationSubject,
  },
  "results-commendation": { Component: ResultsCommendationEmail, subject: resultsCommendationSubject },
  "results-highly-commended": { Component: ResultsHighlyCommendedEmail, subject: resultsHighlyCommendedSubject },
  "results-not-awarded": { Component: ResultsNotAwardedEmail, subject: resultsNotAwardedSubject },
  "results-correction": { Component: ResultsCorrectionEmail, subject: resultsCorrectionSubject },
  "ceremony-invitation": { Component: CeremonyInvitationEmail, subject: ceremonyInvitationSubject },
};

/** Every template name, in the order the organiser's pages list them. */
export const EMAIL_TEMPLATE_NAMES = Object.keys(TEMPLATES) as EmailTemplateName[];

export function isEmailTemplateName(value: string): value is EmailTemplateName {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, value);
}

/** The plain-English name of each email, for the organiser's pages. */
export const TEMPLATE_LABELS: Record<EmailTemplateName, string> = {
  "sign-in": "Sign-in link",
  "organiser-invitation": "Invitation to be an organiser",
  "partner-confirmation-request": "Request to confirm a joint nomination",
  "changes-requested": "Partner asked for changes",
  "nomination-received": "Nomination received",
  "nomination-edited": "Nomination changed",
  "nomination-returned": "Nomination sent back for changes",
  "nomination-ineligible": "Nomination not eligible",
  "judge-invitation": "Invitation to judge",
  "judging-reminder": "Judging reminder",
  "results-winner": "Result: winner",
  "results-special-commendation": "Result: special commendation",
  "results-commendation": "Result: commendation",
  "results-highly-commended": "Result: highly commended",
  "results-not-awarded": "Result: not awarded",
  "results-correction": "Result: correction",
  "ceremony-invitation": "Invitation to the ceremony",
};

export type ResultsTemplateName =
  "results-winner" | "results-special-commendation" | "results-commendation" | "results-highly-commended" | "results-not-awarded";

/**
 * Which results email a nomination gets. A cycle's own extra tiers ("other") use the
 * commendation wording with the tier's name; no tier (null) means not awarded.
 */
export function resultsTemplateFor(tierKind: "winner" | "special_commendation" | "commendation" | "highly_commended" | "other" | null): ResultsTemplateName {
  switch (tierKind) {
    case "winner":
      return "results-winner";
    case "special_commendation":
      return "results-special-commendation";
    case "commendation":
    case "other":
      return "results-commendation";
    case "highly_commended":
      return "results-highly-commended";
    case null:
      return "results-not-awarded";
    default: {
      const unknown: never = tierKind;
      throw new Error(`Unknown outcome tier kind: ${String(unknown)}`);
    }
  }
}

/** The sample data a template is previewed with (Coventry Compact Awards 2010). */
export function previewProps<N extends EmailTemplateName>(name: N): EmailProps<N> {
  const entry = TEMPLATES[name] as TemplateEntry<EmailProps<N>> | undefined;
  if (!entry) throw new Error(`Unknown email template: ${String(name)}`);
  return structuredClone(entry.Component.PreviewProps);
}

/** Headings stay as written in the plain-text version (html-to-text shouts them by default). */
const PLAIN_TEXT_OPTIONS = {
  selectors: ["h1", "h2", "h3"].map((selector) => ({
    selector,
    options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 },
  })),
};

/** Renders one email: the subject line, the HTML and the plain-text version. */
export async function renderEmail<N extends EmailTemplateName>(name: N, props: EmailProps<N>): Promise<RenderedEmail> {
  const entry = TEMPLATES[name] as TemplateEntry<EmailProps<N>> | undefined;
  if (!entry) throw new Error(`Unknown email template: ${String(name)}`);
  const element = createElement(entry.Component as FunctionComponent<object>, props as object);
  // Render once; the plain text is made from that HTML (what render({ plainText }) does
  // internally), which halves the cost of queueing a large send.
  const html = await render(element);
  const text = toPlainText(html, PLAIN_TEXT_OPTIONS);
  return { subject: entry.subject(props), html, text: tidyText(text) };
}

/** No more than one blank line in a row, and no trailing spaces. */
function tidyText(text: string): string {
  return text
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .concat("\n");
}
