/**
 * Sample data for the email previews (`npm run email:preview`) and the tests, taken from the
 * Coventry Compact Awards 2010 (see the project's seed 000). The addresses are made up.
 * No default export here: the preview CLI would list this file as an email.
 */
import type { EmailCycle } from "./layout";

export const SAMPLE_CYCLE: EmailCycle = {
  name: "Coventry Compact Awards 2010",
  contactName: "Rob Allison",
  contactEmail: "compact@coventry-cen.example.org",
  signOff: "Rob Allison\nfor the Coventry Compact Steering Group",
};

export const SAMPLE_BASE_URL = "https://awards.coventry-cen.example.org";

export const SAMPLE_CEREMONY = {
  when: "Friday 11 June 2010, 5:30pm",
  venue: "The Welcome Centre, Parkside, Coventry",
};
