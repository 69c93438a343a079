import * as React from "react";
import { ButtonLink, EmailLayout, Facts, H1, P, oneLine, theName, type EmailCycle } from "./components/layout";
import { SAMPLE_BASE_URL, SAMPLE_CYCLE } from "./components/sample-data";

export type PartnerConfirmationRequestEmailProps = {
  cycle: EmailCycle;
  nominationTitle: string;
  categoryName: string;
  drafterName: string;
  drafterOrganisation: string;
  partnerContactName: string;
  partnerOrganisation: string;
  confirmUrl: string;
  /** Already written out in UK time, e.g. "Friday 30 April 2010, 5pm". */
  deadline: string;
  /** the nomination changed after this partner confirmed it: they are asked to confirm it again */
  changedSinceConfirmed?: boolean;
};

export function subject(props: PartnerConfirmationRequestEmailProps): string {
  return oneLine(`Please confirm a joint nomination for ${theName(props.cycle.name)}`);
}

export default function PartnerConfirmationRequestEmail(props: PartnerConfirmationRequestEmailProps) {
  const { cycle } = props;
  return (
    <EmailLayout
      cycle={cycle}
      title={subject(props)}
      preview={`${props.drafterOrganisation} has nominated your joint work. Please confirm it by ${props.deadline}.`}
      footerNote={`You got this email because ${props.drafterName} named you as the contact for ${props.partnerOrganisation}.`}
    >
      <H1>{props.changedSinceConfirmed ? "Please confirm the changed nomination" : "Please confirm a joint nomination"}</H1>
      <P>Dear {props.partnerContactName},</P>
      {props.changedSinceConfirmed ? (
        <P>
          {props.drafterName} from {props.drafterOrganisation} has changed the joint nomination you confirmed for {theName(cycle.name)}. Please read it as it is
          now and confirm it again: until you do, it will not go to the judges.
        </P>
      ) : (
        <P>
          {props.drafterName} from {props.drafterOrganisation} has nominated work they did with {props.partnerOrganisation} for {theName(cycle.name)}.
        </P>
      )}
      <Facts
        items={[
          ["Nomination", props.nominationTitle],
          ["Category", props.categoryName],
          ["Written by", `${props.drafterName}, ${props.drafterOrganisation}`],
        ]}
      />
      <P>
        Every nomination is made jointly by a statutory partner and a voluntary or community partner. So we need you to read it and confirm it before it can go
        to the judges.
      </P>
      <P>
        <strong>Please confirm it by {props.deadline}.</strong>
      </P>
      <ButtonLink href={props.confirmUrl}>Read and confirm the nomination</ButtonLink>
      <P>
        If something needs changing, you can ask {props.drafterName} for changes on the same page. If you do not know about this work, please tell{" "}
        {cycle.contactName}.
      </P>
    </EmailLayout>
  );
}

PartnerConfirmationRequestEmail.PreviewProps = {
  cycle: SAMPLE_CYCLE,
  nominationTitle: "Positive About Breastfeeding",
  categoryName: "Joint working between a statutory organisation and a voluntary or community organisation to achieve more together than each could alone",
  drafterName: "Sarah Khan",
  drafterOrganisation: "NCT Coventry",
  partnerContactName: "Dr Helen Price",
  partnerOrganisation: "Coventry City Council, Health Development Unit",
  confirmUrl: `${SAMPLE_BASE_URL}/nominations/cm0x7k2p1000108l4c9h2d3e5/confirm`,
  deadline: "Friday 30 April 2010, 5pm",
} satisfies PartnerConfirmationRequestEmailProps;
