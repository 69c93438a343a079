/**
 * The Coventry Compact Awards 2010, rebuilt for the demo from the Coventry CEN pages
 * (shared/seeds/000): "the first in the country", nominations invited in April 2010, the
 * ceremony on 11 June 2010 at The Welcome Centre after the Compact Strategic Group meeting,
 * four categories, sixteen nominations, fourteen examples of partnership working recognised.
 *
 * What is real (as published): the cycle's name, area, categories, ceremony date and venue,
 * Rob Allison as the contact, the twelve named nominations with their partners and outcomes
 * (eight commendations, four special commendations).
 *
 * What is invented, and marked:
 * - the four other nominations (isExample: true, "(example)" in the title, their partner
 *   organisations too unless they are public bodies). The seed says fourteen were recognised
 *   but names twelve, so two examples stand in for the two unnamed commendations and two
 *   are not awarded: 16 nominations, 14 awards.
 * - the longer stories of the real nominations (the seed gives one line each), the start
 *   dates, the contacts (all at example domains), and every quote ("illustrative quote").
 * - the voluntary-sector co-nominator of the Procurement & Contracting Code nomination,
 *   which the seed does not name (said so in the nomination).
 * - the timeline apart from the ceremony day, the judges, scores, rationales and citations.
 */
import type { CompactPrincipleKey, PartnerRole, Sector } from "~/domain/vocabulary";
import type { StoryText } from "~/nominations/story";

/** A partner organisation. Email domains are example domains, never real ones. */
export type DemoOrganisation = {
  name: string;
  sector: Sector;
  emailDomain: string | null;
  /** invented for the demo (its name says "(example)" unless it is a public body) */
  example: boolean;
};

export const DEMO_ORGANISATIONS = {
  // Named in seed 000 (2010)
  cen: { name: "Coventry Community Empowerment Network (CEN)", sector: "voluntary_community", emailDomain: "cen.example.org", example: false },
  communitySafety: { name: "Coventry Community Safety Partnership", sector: "statutory", emailDomain: null, example: false },
  mamta: { name: "MAMTA Project", sector: "voluntary_community", emailDomain: "mamta.example.org", example: false },
  nhsCoventry: { name: "NHS Coventry", sector: "statutory", emailDomain: "nhs-coventry.example.org", example: false },
  uhcw: { name: "University Hospitals Coventry and Warwickshire NHS Trust (UHCW)", sector: "statutory", emailDomain: "uhcw.example.org", example: false },
  foleshillWomen: { name: "Foleshill Women's Training", sector: "voluntary_community", emailDomain: "fwt.example.org", example: false },
  council: { name: "Coventry City Council", sector: "statutory", emailDomain: "coventry.example.gov.uk", example: false },
  childrensSociety: { name: "The Children's Society", sector: "voluntary_community", emailDomain: "childrens-society.example.org", example: false },
  police: { name: "West Midlands Police", sector: "statutory", emailDomain: "police.example.org", example: false },
  vac: { name: "Voluntary Action Coventry", sector: "voluntary_community", emailDomain: "vac.example.org", example: false },
  carersCentre: { name: "Coventry Carers Centre", sector: "voluntary_community", emailDomain: "carers-centre.example.org", example: false },
  cwpt: { name: "Coventry and Warwickshire Partnership Trust", sector: "statutory", emailDomain: "cwpt.example.org", example: false },
  urc: { name: "United Reformed Church", sector: "faith", emailDomain: "urc.example.org", example: false },
  henleyCollege: { name: "Henley College Coventry", sector: "statutory", emailDomain: "henley-college.example.org", example: false },
  alzheimers: { name: "Alzheimer's Society", sector: "voluntary_community", emailDomain: "alzheimers.example.org", example: false },
  mind: { name: "Coventry MIND", sector: "voluntary_community", emailDomain: "coventry-mind.example.org", example: false },
  nct: { name: "NCT", sector: "voluntary_community", emailDomain: "nct.example.org", example: false },
  ageConcern: { name: "Age Concern Coventry", sector: "voluntary_community", emailDomain: "age-concern-coventry.example.org", example: false },
  olderPeoplesPartnership: { name: "Older People's Partnership", sector: "statutory", emailDomain: null, example: false },
  // Invented for the demo's example nominations
  fireService: { name: "West Midlands Fire Service", sector: "statutory", emailDomain: "fire.example.org", example: true },
  hillfieldsAdvice: {
    name: "Hillfields Advice Collective (example)",
    sector: "voluntary_community",
    emailDomain: "hillfields-advice.example.org",
    example: true,
  },
  riversideHomes: { name: "Riverside Homes housing association (example)", sector: "statutory", emailDomain: "riverside-homes.example.org", example: true },
  sherbourneHub: { name: "Sherbourne Community Hub (example)", sector: "voluntary_community", emailDomain: "sherbourne-hub.example.org", example: true },
  canleyResidents: { name: "Canley Residents' Association (example)", sector: "voluntary_community", emailDomain: null, example: true },
  tileHillBoxing: { name: "Tile Hill Youth Boxing Club (example)", sector: "voluntary_community", emailDomain: null, example: true },
  greenFingers: { name: "Green Fingers Coventry (example)", sector: "social_enterprise", emailDomain: "green-fingers.example.org", example: true },
  foleshillWellbeing: { name: "Foleshill Wellbeing Circle (example)", sector: "faith", emailDomain: null, example: true },
  whitleyAllotments: { name: "Whitley Allotments Society (example)", sector: "voluntary_community", emailDomain: null, example: true },
} as const satisfies Record<string, DemoOrganisation>;

export type DemoOrganisationKey = keyof typeof DEMO_ORGANISATIONS;

/** "Coventry  City council" -> "coventry city council": Organisation.nameKey. */
/** The app's own rule for "the same organisation", so seeded names match what people type. */

/** The demo's people. Invented names; every address is at the reserved .example domain. */
export type DemoPerson = { key: string; email: string; name: string; jobTitle: string; organisation: DemoOrganisationKey };

export const DEMO_ORGANISER: DemoPerson = {
  key: "organiser",
  email: "organiser@demo.compact-awards.example",
  name: "Sam Whitfield",
  jobTitle: "Compact Officer",
  organisation: "vac",
};

/** The panel, as the Islington awards had it (seed 001): NHS chair, council assistant director, CVS chief executive. */
export const DEMO_JUDGES: DemoPerson[] = [
  {
    key: "judge1",
    email: "judge1@demo.compact-awards.example",
    name: "Margaret Ellison",
    jobTitle: "Chair",
    organisation: "cwpt",
  },
  {
    key: "judge2",
    email: "judge2@demo.compact-awards.example",
    name: "David Okafor",
    jobTitle: "Assistant Director, Policy and Partnerships",
    organisation: "council",
  },
  {
    key: "judge3",
    email: "judge3@demo.compact-awards.example",
    name: "Priya Sandhu",
    jobTitle: "Chief Executive",
    organisation: "vac",
  },
];

export const DEMO_NOMINATORS: DemoPerson[] = [
  {
    key: "nominator",
    email: "nominator@demo.compact-awards.example",
    name: "Aisha Rahman",
    jobTitle: "Community Development Worker",
    organisation: "cen",
  },
  {
    key: "councilNominator",
    email: "council.nominator@demo.compact-awards.example",
    name: "Tom Bradley",
    jobTitle: "Partnerships Officer",
    organisation: "council",
  },
];

export const COVENTRY_2010 = {
  slug: "coventry-2010",
  name: "Coventry Compact Awards 2010",
  area: "Coventry",
  intro:
    "The Coventry Compact Awards 2010 were the first local Compact awards in the country. Compact is about promoting and celebrating good practice as well as challenging poor or unfair practice. " +
    "The awards were the chance to nominate projects that embody the Compact spirit of partnership working between community, voluntary and statutory partners to improve the quality of life for Coventry people. " +
    "Work had to be jointly nominated by both a statutory and a voluntary or community organisation.\n\n" +
    "Demo note: this cycle is rebuilt from the Coventry CEN's published summary. The categories, the twelve named nominations, their partners and their outcomes are as published; " +
    'the longer stories, dates, contacts and quotes are illustrative, and the four entries marked "(example)" are invented.',
  /** UK wall-clock times (Europe/London); the ceremony day and venue are from the seed, the rest is invented. */
  timeline: {
    launchedAt: "2010-04-01T10:00",
    nominationsOpenAt: "2010-04-06T09:00",
    nominationsCloseAt: "2010-05-07T17:00",
    judgingOpenAt: "2010-05-10T09:00",
    judgingCloseAt: "2010-05-26T17:00",
    resultsDecidedAt: "2010-06-02T16:00",
    resultsSentAt: "2010-06-04T10:00",
    ceremonyAt: "2010-06-11T14:00",
    publishedAt: "2010-06-11T18:00",
  },
  ceremonyVenue: "The Welcome Centre, Coventry",
  contactName: "Rob Allison",
  contactEmail: "compact@example.org",
  signOff: "Rob Allison, for the Coventry Compact Steering Group",
  bookletIntro:
    "Coventry was the first area in the country to hold local Compact awards to celebrate successful working in the spirit of Compact. " +
    "Sixteen nominations were received from a wide range of organisations, and fourteen examples of partnership working were recognised at an awards ceremony following the Compact Strategic Group meeting on 11 June 2010 at The Welcome Centre, Coventry. " +
    "The awards show the continued commitment of the voluntary and community sectors to working with colleagues in the statutory sector to improve the lives of Coventry people and to achieve more together than could have been achieved separately.\n\n" +
    'Demo note: the case studies in this booklet are rebuilt from one-line published summaries; their longer text and quotes are illustrative, and entries marked "(example)" are invented.',
  pressContact: "Rob Allison, Coventry Compact (demo address: compact@example.org)",
} as const;

export type DemoCategory = { key: string; name: string; description: string; guidance: string };

/** The four categories as the seed names them for 2010 (the first is one sentence split over two bullets there). */
export const COVENTRY_2010_CATEGORIES: DemoCategory[] = [
  {
    key: "joint-working",
    name: "Joint working between a statutory organisation and a voluntary or community organisation/group to achieve more together than each could have achieved alone",
    description:
      "Partnerships where a statutory body and a voluntary or community group pooled their knowledge, people or money and achieved more together than either could have alone.",
    guidance:
      "The work must be jointly nominated by both a statutory and a voluntary or community organisation. Tell us what each partner brought and what happened because you worked together.",
  },
  {
    key: "compact-codes-practice",
    name: "Actual working practices which reflect the good practice set out in Coventry's Compact codes",
    description:
      "Day-to-day ways of working that follow the Coventry Compact codes: funding, commissioning, procurement and contracting, conflict resolution, and the practical guide to partnership working.",
    guidance: "Say which Compact code or codes the practice reflects, and how partners on both sides experienced it.",
  },
  {
    key: "vcs-thrive",
    name: "Initiatives or ways of working that enable voluntary and community organisations to thrive",
    description:
      "Initiatives by or with statutory partners that help voluntary and community organisations grow stronger, more independent and more sustainable.",
    guidance: "Tell us how voluntary and community organisations are stronger as a result, in their own words if you can.",
  },
  {
    key: "embed-codes",
    name: "Initiatives to embed the Compact codes within internal working practices",
    description: "Work inside an organisation, statutory or voluntary, that builds the Compact codes into its own systems, policies, training and contracts.",
    guidance: "Show how the codes are now part of ordinary practice (procedures, templates, induction or training) and who checks that they are followed.",
  },
];

export type DemoCriterion = {
  name: string;
  guidance: string;
  weight: number;
  /** one label per point of the 1-5 scale, lowest first */
  descriptors: [string, string, string, string, string];
};

/** Invented: the panel's scoring guide, used by both demo cycles. */
export const DEMO_CRITERIA: DemoCriterion[] = [
  {
    name: "Partnership between sectors",
    guidance: "How far the statutory and the voluntary or community partners shaped the work together, as equals, sharing decisions, resources and credit.",
    weight: 2,
    descriptors: [
      "One partner did the work; the other lent its name.",
      "Some joint activity, but the decisions sat with one partner.",
      "A working partnership with shared planning and regular contact.",
      "A strong partnership: shared decisions, shared resources, mutual respect.",
      "An outstanding partnership of equals that each partner says changed how it works.",
    ],
  },
  {
    name: "Difference made for Coventry people",
    guidance: "What changed for the people the work set out to reach, and how the partners know.",
    weight: 2,
    descriptors: [
      "No clear difference shown.",
      "Some activity, but little evidence of change.",
      "A clear difference for the people it set out to reach.",
      "A significant, evidenced difference for many people.",
      "A lasting, well-evidenced difference that reaches people services usually miss.",
    ],
  },
  {
    name: "Compact principles in practice",
    guidance: "How the work shows the Coventry Compact codes and the Compact outcomes in action, not just in name.",
    weight: 1,
    descriptors: [
      "The Compact is not reflected in how the work was done.",
      "Compact principles are mentioned but hard to see in practice.",
      "The work follows the Compact codes in its main respects.",
      "A good example of one or more Compact codes in action.",
      "The work embeds Compact principles so that others could copy it.",
    ],
  },
  {
    name: "Learning others can use",
    guidance: "Whether other partnerships in the city could learn from or copy the work.",
    weight: 1,
    descriptors: [
      "Nothing others could take from it.",
      "Some lessons, not written down or shared.",
      "Lessons others could use, shared locally.",
      "Well-documented lessons, already taken up by others.",
      "A model other partnerships in the city are adopting.",
    ],
  },
];

export type DemoPartner = {
  organisation: DemoOrganisationKey;
  role: PartnerRole;
  contactName: string;
  contactEmail: string;
};

/** The outcome as the seed lists it; null: not awarded. */
export type DemoOutcome = "special_commendation" | "commendation" | null;

/** The story (its summary at most 60 words), as the seed gives it. */
export type DemoNomination = StoryText & {
  key: string;
  /** DemoCategory.key */
  category: string;
  principles: CompactPrincipleKey[];
  /** ISO date */
  startedOn: string;
  publicContact: string;
  consentToPublish: boolean;
  /** invented for the demo: "(example)" is in the title too */
  isExample: boolean;
  /** DemoPerson.key of the demo user who started it, if any */
  createdBy?: string;
  partners: DemoPartner[];
  outcome: DemoOutcome;
  rationale: string;
  citation: string;
};

export const COVENTRY_2010_NOMINATIONS: DemoNomination[] = [
  // ---- Commendations named in the seed ----
  {
    key: "cen-community-safety",
    category: "compact-codes-practice",
    title: "Community knowledge in the Community Safety Strategic Assessment",
    summary:
      "Coventry CEN and the Community Safety Partnership brought community knowledge and expertise into the 2009/10 Strategic Assessment that set the city's community safety priorities, reviewed Safer Neighbourhood Groups and produced an induction pack for every new group member, now handed out by the city's Community Safety Officers.",
    whatHappened:
      "In 2009 Coventry CEN worked with the Community Safety Partnership so that the knowledge and expertise of communities could inform the 2009/10 Community Safety Partnership Strategic Assessment, which identified the community safety priorities for Coventry.\n\n" +
      "CEN gathered views through its networks of community and voluntary groups and brought them to the assessment alongside the agencies' own data. The partners then reviewed how Safer Neighbourhood Groups work and developed an induction pack for all new Safer Neighbourhood Group members.",
    impact:
      "The city's community safety priorities were set with evidence from communities as well as from agencies. Every new Safer Neighbourhood Group member now receives the induction pack, distributed by the city's Community Safety Officers, so they start knowing what the groups are for and how to take part.",
    howPartnersWorked:
      "The Community Safety Partnership opened its strategic assessment to community evidence; CEN brought the networks and the know-how to gather it. The two partners nominated the work jointly.",
    quote: "For the first time the priorities read like the things people raise at our meetings.",
    quoteAttribution: "Safer Neighbourhood Group member (illustrative quote)",
    principles: ["civil_society", "policy_design"],
    startedOn: "2009-04-01",
    publicContact: "Coventry CEN, info@cen.example.org",
    consentToPublish: true,
    isExample: false,
    createdBy: "nominator",
    partners: [
      { organisation: "cen", role: "lead_vcs", contactName: "Aisha Rahman", contactEmail: "nominator@demo.compact-awards.example" },
      { organisation: "communitySafety", role: "lead_statutory", contactName: "Gareth Morris", contactEmail: "gareth.morris@coventry.example.gov.uk" },
    ],
    outcome: "commendation",
    rationale: "A good example of Compact-style working: community evidence shaped a statutory assessment, and the induction pack is in everyday use.",
    citation: "For letting community knowledge shape Coventry's community safety priorities.",
  },
  {
    key: "mamta-infant-mortality",
    category: "joint-working",
    title: "MAMTA: working together on infant mortality",
    summary:
      "The MAMTA Project worked with NHS Coventry and University Hospitals Coventry and Warwickshire on infant mortality, linking community outreach with maternity and health services so that more families hear about, and use, the support available before and after their babies are born.",
    whatHappened:
      "The MAMTA Project, NHS Coventry and UHCW worked together on reducing infant mortality in the city. MAMTA's community workers reached families, particularly in communities that services found hard to reach, with information about healthy pregnancy and early infancy, and helped them into the services on offer.\n\n" +
      "Health professionals and community workers met regularly to share what they were hearing, and adjusted how information was given so that it made sense to the families concerned.",
    impact:
      "More families were in touch with maternity and health services early, and the health partners gained a better understanding of the barriers some communities face. The partners describe the work as reaching people neither could have reached alone.",
    howPartnersWorked:
      "NHS Coventry led the statutory side and UHCW's maternity services took part; MAMTA brought its community workers and its trust within local communities.",
    quote: "Mothers came to us because they already knew the MAMTA workers. That trust is not something a hospital can build on its own.",
    quoteAttribution: "Community midwife (illustrative quote)",
    principles: ["responsive_services", "equal_fair_society"],
    startedOn: "2008-09-01",
    publicContact: "MAMTA Project, hello@mamta.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "mamta", role: "lead_vcs", contactName: "Shabana Akhtar", contactEmail: "shabana.akhtar@mamta.example.org" },
      { organisation: "nhsCoventry", role: "lead_statutory", contactName: "Claire Dunmore", contactEmail: "claire.dunmore@nhs-coventry.example.org" },
      { organisation: "uhcw", role: "other", contactName: "Helen Price", contactEmail: "helen.price@uhcw.example.org" },
    ],
    outcome: "commendation",
    rationale: "Health services and a community project each reached further together; good evidence of families engaging earlier.",
    citation: "For bringing community trust and health services together on infant mortality.",
  },
  {
    key: "foleshill-preconception-employment",
    category: "joint-working",
    title: "Preconception care and joint working on employment",
    summary:
      "Foleshill Women's Training and Coventry City Council worked together on preconception care and on employment, combining the Council's services with a trusted women's training centre so that local women could get health information and a route into training and work in one familiar place.",
    whatHappened:
      "Foleshill Women's Training worked with the City Council on two strands: preconception care, helping women get health information and advice before pregnancy, and joint working on employment, helping women into training and work.\n\n" +
      "Council staff ran sessions at the centre, and the centre's tutors and support workers helped women take up the services offered.",
    impact:
      "Women who might not have approached the Council's services took part in sessions held somewhere they already knew. Both partners say the work reached more women than either could have reached separately.",
    howPartnersWorked:
      "The Council brought its health and employment services; Foleshill Women's Training brought the venue, the relationships and an understanding of what women in the area need.",
    quote: "Holding the sessions here meant women came who would never have walked into an office.",
    quoteAttribution: "Support worker, Foleshill Women's Training (illustrative quote)",
    principles: ["responsive_services", "equal_fair_society"],
    startedOn: "2009-01-12",
    publicContact: "Foleshill Women's Training, info@fwt.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "foleshillWomen", role: "lead_vcs", contactName: "Rukhsana Begum", contactEmail: "rukhsana.begum@fwt.example.org" },
      { organisation: "council", role: "lead_statutory", contactName: "Lisa Harding", contactEmail: "lisa.harding@coventry.example.gov.uk" },
    ],
    outcome: "commendation",
    rationale: "Two strands of joint work, each using the centre's reach; a clear case of achieving more together.",
    citation: "For joint work on preconception care and employment with women in Foleshill.",
  },
  {
    key: "childrens-society-reunite",
    category: "joint-working",
    title: "The Reunite project",
    summary:
      "The Children's Society and the Police worked together on the Reunite project, supporting young people who go missing from home and their families, so that each young person is offered someone independent to talk to and the help they need to return safely.",
    whatHappened:
      "The Children's Society's project workers and police officers agreed how young people who had been reported missing would be referred to the project, so that each was offered an independent conversation after returning home.\n\n" +
      "The partners met regularly to look at patterns and to make sure that the young people most at risk were followed up.",
    impact:
      "Young people were offered support from someone outside the police, and officers gained a better understanding of why young people go missing. The partners describe a working relationship built on trust and shared purpose.",
    howPartnersWorked:
      "The Police made the referrals and shared information within agreed protocols; The Children's Society provided the independent workers and the follow-up.",
    quote: "Young people will tell a project worker things they would never tell an officer, and that helps us keep them safe.",
    quoteAttribution: "Police officer (illustrative quote)",
    principles: ["responsive_services", "civil_society"],
    startedOn: "2009-06-01",
    publicContact: "The Children's Society, reunite@childrens-society.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "childrensSociety", role: "lead_vcs", contactName: "Joanne Carter", contactEmail: "joanne.carter@childrens-society.example.org" },
      { organisation: "police", role: "lead_statutory", contactName: "Insp. Mark Reynolds", contactEmail: "mark.reynolds@police.example.org" },
    ],
    outcome: "commendation",
    rationale: "A police service and a children's charity each doing what it does best; clear protocols and mutual respect.",
    citation: "For helping young people who go missing, and their families, through the Reunite project.",
  },
  {
    key: "vac-innovation-fund",
    category: "vcs-thrive",
    title: "The Innovation and Development Fund",
    summary:
      "Voluntary Action Coventry delivered the Innovation and Development Fund for and with NHS Coventry, helping voluntary and community organisations to try new ideas and develop their work with health partners, with the fund designed and run jointly by the two partners.",
    whatHappened:
      "NHS Coventry and Voluntary Action Coventry designed the Innovation and Development Fund together. Voluntary Action Coventry delivered it: publicising it, helping groups to apply, running the assessment with NHS colleagues, and supporting the groups funded.\n\n" +
      "The partners followed the principles of the Coventry Compact Funding Code throughout, with clear criteria, proportionate application forms and timely decisions.",
    impact:
      "Voluntary and community organisations, including small groups new to working with the NHS, were able to develop their work, and NHS Coventry gained new routes to the communities it serves.",
    howPartnersWorked:
      "NHS Coventry provided the funding and shared the decisions; Voluntary Action Coventry brought its knowledge of the sector and ran the fund day to day.",
    quote: "The fund was designed with us, not for us, and it showed.",
    quoteAttribution: "Funded community group (illustrative quote)",
    principles: ["civil_society", "policy_design"],
    startedOn: "2009-04-01",
    publicContact: "Voluntary Action Coventry, funding@vac.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "vac", role: "lead_vcs", contactName: "Neil Hughes", contactEmail: "neil.hughes@vac.example.org" },
      { organisation: "nhsCoventry", role: "lead_statutory", contactName: "Claire Dunmore", contactEmail: "claire.dunmore@nhs-coventry.example.org" },
    ],
    outcome: "commendation",
    rationale: "A fund run in the spirit of the Funding Code that strengthened smaller groups.",
    citation: "For an Innovation and Development Fund designed and delivered together.",
  },
  {
    key: "council-procurement-code",
    category: "embed-codes",
    title: "The Compact Procurement & Contracting Code in the Council's procurement systems",
    summary:
      "Coventry City Council disseminated the Coventry Compact Procurement & Contracting Code within its procurement systems, so that officers buying services from voluntary and community organisations work to the Code as a matter of course.",
    whatHappened:
      "The City Council built the Coventry Compact Procurement & Contracting Code into its procurement systems: its guidance for officers, its templates and the training given to staff who commission and buy services.\n\n" +
      "Voluntary sector representatives commented on the changes as they were made, so that the systems reflect the Code as both sectors understand it.",
    impact:
      "Officers buying services from voluntary and community organisations now meet the Code in the tools they use every day, rather than in a separate document, and voluntary organisations know what to expect from the Council's processes.",
    howPartnersWorked:
      "The Council's procurement team led the work; the voluntary and community sector helped check that the changes reflected the Code. (Demo note: the published list does not name the voluntary sector co-nominator; Coventry CEN stands in for it here.)",
    quote: "The Code is no longer something you have to remember to look up. It is in the process.",
    quoteAttribution: "Procurement officer, Coventry City Council (illustrative quote)",
    principles: ["policy_design", "managing_change"],
    startedOn: "2009-09-01",
    publicContact: "Coventry City Council procurement team, procurement@coventry.example.gov.uk",
    consentToPublish: true,
    isExample: false,
    createdBy: "councilNominator",
    partners: [
      { organisation: "council", role: "lead_statutory", contactName: "Tom Bradley", contactEmail: "council.nominator@demo.compact-awards.example" },
      { organisation: "cen", role: "lead_vcs", contactName: "Aisha Rahman", contactEmail: "nominator@demo.compact-awards.example" },
    ],
    outcome: "commendation",
    rationale: "The Code built into ordinary systems rather than left on a shelf: exactly what the category asks for.",
    citation: "For building the Compact Procurement & Contracting Code into the Council's procurement systems.",
  },
  {
    key: "carers-caring-for-carers",
    category: "joint-working",
    title: "Caring for Carers",
    summary:
      "Coventry Carers Centre and the Coventry and Warwickshire Partnership Trust worked together on Caring for Carers, making sure that people caring for someone using the Trust's services are recognised, informed and offered support in their own right.",
    whatHappened:
      "The Carers Centre and the Trust worked together so that carers of people using the Trust's services were identified and offered support. Trust staff were helped to recognise carers and refer them to the Centre, and the Centre provided information, advice and support to carers.\n\n" +
      "The partners shared what carers told them, and used it to improve how carers are involved in the care of the people they look after.",
    impact:
      "More carers were identified and supported, and carers felt more involved and better informed. Trust staff gained a clearer understanding of carers' needs.",
    howPartnersWorked:
      "The Trust opened its services and staff to the Carers Centre; the Centre brought its expertise in supporting carers. Both partners nominated the work.",
    quote: "It was the first time anyone asked how I was, not just how my husband was.",
    quoteAttribution: "Carer (illustrative quote)",
    principles: ["responsive_services", "equal_fair_society"],
    startedOn: "2008-11-03",
    publicContact: "Coventry Carers Centre, info@carers-centre.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "carersCentre", role: "lead_vcs", contactName: "Linda Thompson", contactEmail: "linda.thompson@carers-centre.example.org" },
      { organisation: "cwpt", role: "lead_statutory", contactName: "Andrew Walsh", contactEmail: "andrew.walsh@cwpt.example.org" },
    ],
    outcome: "commendation",
    rationale: "Carers recognised in their own right through a well-established referral route; a solid partnership.",
    citation: "For making sure carers are seen, heard and supported.",
  },
  {
    key: "urc-henley-cafe",
    category: "joint-working",
    title: "A church café with work experience for students with learning disabilities",
    summary:
      "The United Reformed Church worked in partnership with Henley College to run a café while providing work experience for students with learning disabilities, giving students real jobs to do for real customers and giving the community a welcoming place to meet.",
    whatHappened:
      "The United Reformed Church and Henley College ran a café together. The church provided the premises and volunteers; the College provided tutors and students with learning disabilities, who gained work experience serving customers, preparing food and handling money.\n\n" +
      "The partners planned the café's sessions around the College timetable and the students' learning goals.",
    impact: "Students gained skills and confidence in a real workplace, and the café became a welcoming meeting place for the local community.",
    howPartnersWorked:
      "The church and the College shared the planning and the running of the café, each bringing what it had: the premises and the volunteers, the tutors and the students.",
    quote: "The customers are regulars now. They ask for the students by name.",
    quoteAttribution: "Church volunteer (illustrative quote)",
    principles: ["civil_society", "equal_fair_society"],
    startedOn: "2009-09-14",
    publicContact: "United Reformed Church, cafe@urc.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "urc", role: "lead_vcs", contactName: "Rev. Peter Lawson", contactEmail: "peter.lawson@urc.example.org" },
      { organisation: "henleyCollege", role: "lead_statutory", contactName: "Sarah Kent", contactEmail: "sarah.kent@henley-college.example.org" },
    ],
    outcome: "commendation",
    rationale: "A faith group and a college creating real work experience together; warm and practical.",
    citation: "For a café that gives students with learning disabilities real work experience.",
  },
  // ---- Special commendations named in the seed ----
  {
    key: "alzheimers-dementia-care-group",
    category: "joint-working",
    title: "The Dementia Care Group",
    summary:
      "The Alzheimer's Society and University Hospitals Coventry and Warwickshire led the wider partnership behind the Dementia Care Group, bringing together hospital staff, voluntary organisations and families to improve the care and support of people with dementia.",
    whatHappened:
      "The Alzheimer's Society and UHCW brought together a wider partnership in the Dementia Care Group: hospital staff, voluntary organisations and carers of people with dementia.\n\n" +
      "The group looked at the experience of people with dementia and their families, in hospital and after they leave, and agreed practical changes that each partner would make.",
    impact:
      "People with dementia and their families had a voice in how their care is planned, and the partners made changes together that none of them could have made alone.",
    howPartnersWorked:
      "The two lead partners shared the chairing and the work of the group, and made sure that families were equal members alongside professionals.",
    quote: "The group listened to families as equals. That is what made the difference.",
    quoteAttribution: "Family carer and group member (illustrative quote)",
    principles: ["responsive_services", "policy_design", "equal_fair_society"],
    startedOn: "2008-06-02",
    publicContact: "Alzheimer's Society, coventry@alzheimers.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "alzheimers", role: "lead_vcs", contactName: "Janet Moore", contactEmail: "janet.moore@alzheimers.example.org" },
      { organisation: "uhcw", role: "lead_statutory", contactName: "Dr Richard Owen", contactEmail: "richard.owen@uhcw.example.org" },
    ],
    outcome: "special_commendation",
    rationale:
      "A particularly strong example of Compact-style working: a wide partnership with families as equal members and practical changes agreed together.",
    citation: "For the wider partnership behind the Dementia Care Group.",
  },
  {
    key: "mind-iapt",
    category: "joint-working",
    title: "Increased Access to Psychological Therapies (IAPT)",
    summary:
      "Coventry MIND and NHS Coventry worked jointly to deliver the Increased Access to Psychological Therapies (IAPT) programme, so that more people in Coventry can get talking therapies quickly, in settings they find comfortable, with a voluntary organisation as an equal delivery partner.",
    whatHappened:
      "NHS Coventry and Coventry MIND delivered the IAPT programme together. MIND provided part of the service, working alongside NHS therapists under shared standards, referral routes and monitoring.\n\n" +
      "The partners planned the service jointly and met regularly to review how it was working for the people using it.",
    impact:
      "More people were able to get psychological therapies quickly, and people who might not have approached an NHS service could use one delivered by a voluntary organisation they trusted.",
    howPartnersWorked:
      "NHS Coventry commissioned and shared the design of the programme; Coventry MIND delivered as an equal partner rather than a subcontractor.",
    quote: "We were treated as partners in the programme from the start, not added on at the end.",
    quoteAttribution: "Coventry MIND manager (illustrative quote)",
    principles: ["responsive_services", "policy_design"],
    startedOn: "2009-02-02",
    publicContact: "Coventry MIND, info@coventry-mind.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "mind", role: "lead_vcs", contactName: "Paul Simmons", contactEmail: "paul.simmons@coventry-mind.example.org" },
      { organisation: "nhsCoventry", role: "lead_statutory", contactName: "Dr Anita Shah", contactEmail: "anita.shah@nhs-coventry.example.org" },
    ],
    outcome: "special_commendation",
    rationale: "A particularly strong example: a voluntary organisation delivering a national programme as an equal partner.",
    citation: "For delivering the IAPT programme together.",
  },
  {
    key: "nct-positive-about-breastfeeding",
    category: "joint-working",
    title: "Positive About Breastfeeding",
    summary:
      "NCT and the City Council's Health Development Unit worked together on Positive About Breastfeeding, combining trained volunteer peer supporters with public health expertise so that mothers in Coventry feel encouraged and supported to breastfeed, at home and when out and about.",
    whatHappened:
      "NCT and the Health Development Unit of Coventry City Council worked together on Positive About Breastfeeding. NCT brought trained peer supporters and its experience of supporting parents; the Health Development Unit brought public health expertise and links with health and council services.\n\n" +
      "The partners encouraged places across the city to welcome breastfeeding mothers and made sure mothers knew where to find support.",
    impact: "Mothers had more support to breastfeed, and more places in the city became welcoming to breastfeeding mothers.",
    howPartnersWorked: "The two partners planned and promoted the work together, with NCT volunteers and council staff working side by side.",
    quote: "Having someone who had been there herself made all the difference in those first weeks.",
    quoteAttribution: "Mother supported by a peer supporter (illustrative quote)",
    principles: ["responsive_services", "civil_society"],
    startedOn: "2009-03-02",
    publicContact: "Health Development Unit, Coventry City Council, health.development@coventry.example.gov.uk",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "nct", role: "lead_vcs", contactName: "Emma Fletcher", contactEmail: "emma.fletcher@nct.example.org" },
      {
        organisation: "council",
        role: "lead_statutory",
        contactName: "Gill Patel (Health Development Unit)",
        contactEmail: "gill.patel@coventry.example.gov.uk",
      },
    ],
    outcome: "special_commendation",
    rationale: "A particularly strong example: volunteers and public health staff working side by side, with a visible difference across the city.",
    citation: "For Positive About Breastfeeding.",
  },
  {
    key: "age-concern-contact-connect",
    category: "joint-working",
    title: "Contact & Connect",
    summary:
      "Age Concern Coventry and the Older People's Partnership worked together on Contact & Connect, reaching older people who are isolated or missing out and connecting them with the activities, advice and services that can help them stay independent and involved.",
    whatHappened:
      "Age Concern Coventry and the Older People's Partnership set up Contact & Connect to find older people who were isolated or not getting the help they were entitled to, and to connect them with activities, advice and services.\n\n" +
      "Partners across the Older People's Partnership agreed how referrals would be made and followed up, and Age Concern Coventry made the contacts.",
    impact:
      "Older people who had lost touch with services and with their communities were reconnected, and partners learnt more about the needs of older people in the city.",
    howPartnersWorked:
      "The Older People's Partnership brought the statutory partners together around the work; Age Concern Coventry brought its reach and its experience of working with older people.",
    quote: "Someone knocked on my door and a week later I was at the lunch club.",
    quoteAttribution: "Older person contacted through the project (illustrative quote)",
    principles: ["equal_fair_society", "responsive_services"],
    startedOn: "2009-05-05",
    publicContact: "Age Concern Coventry, contact@age-concern-coventry.example.org",
    consentToPublish: true,
    isExample: false,
    partners: [
      { organisation: "ageConcern", role: "lead_vcs", contactName: "Brian Collins", contactEmail: "brian.collins@age-concern-coventry.example.org" },
      {
        organisation: "olderPeoplesPartnership",
        role: "lead_statutory",
        contactName: "Margaret Quinn",
        contactEmail: "margaret.quinn@coventry.example.gov.uk",
      },
    ],
    outcome: "special_commendation",
    rationale: "A particularly strong example: a city-wide partnership reaching isolated older people through a trusted voluntary organisation.",
    citation: "For Contact & Connect.",
  },
  // ---- Invented examples (the seed counts sixteen nominations and fourteen awards but names twelve) ----
  {
    key: "example-advice-grants",
    category: "compact-codes-practice",
    title: "Three-year grants for advice services under the Funding Code (example)",
    summary:
      "(example) Coventry City Council and a community advice collective agreed three-year grants for advice services, following the Compact Funding Code: early notice, proportionate monitoring and a review the two partners ran together.",
    whatHappened:
      "(Invented for the demo.) Instead of renewing advice grants year by year, the Council and the advice collective agreed three-year grants with six months' notice of any change, a single short monitoring report a year, and a joint review in the second year.",
    impact:
      "(Invented for the demo.) Advice workers were able to plan ahead and spend less time on paperwork, and the Council received clearer information about demand.",
    howPartnersWorked: "(Invented for the demo.) The Council's grants team and the collective wrote the arrangements together and reviewed them together.",
    quote: "Knowing the funding was there for three years let us train volunteers properly.",
    quoteAttribution: "Advice collective coordinator (illustrative quote, invented example)",
    principles: ["civil_society", "managing_change"],
    startedOn: "2009-04-01",
    publicContact: "Demo contact, advice@hillfields-advice.example.org",
    consentToPublish: true,
    isExample: true,
    partners: [
      { organisation: "hillfieldsAdvice", role: "lead_vcs", contactName: "Demo contact (example)", contactEmail: "coordinator@hillfields-advice.example.org" },
      { organisation: "council", role: "lead_statutory", contactName: "Demo contact (example)", contactEmail: "grants@coventry.example.gov.uk" },
    ],
    outcome: "commendation",
    rationale: "(example) Stands in for one of the two 2010 commendations the published list does not name. The Funding Code followed in practice.",
    citation: "(example) For advice grants that follow the Funding Code.",
  },
  {
    key: "example-back-office",
    category: "vcs-thrive",
    title: "Shared back-office help for small community groups (example)",
    summary:
      "(example) A housing association and a community hub shared payroll, bookkeeping and meeting rooms with small residents' groups, so that volunteers could spend their time on their neighbourhoods rather than on paperwork.",
    whatHappened:
      "(Invented for the demo.) The housing association offered its payroll and bookkeeping support at cost, and the community hub ran monthly drop-ins where small groups could get help with their accounts and use meeting rooms free of charge.",
    impact:
      "(Invented for the demo.) Small groups kept their accounts in order and had somewhere to meet; two groups were able to apply for funding for the first time.",
    howPartnersWorked: "(Invented for the demo.) The partners agreed a simple written offer to groups and reviewed it with them after six months.",
    quote: "We are a tenants' group, not accountants. Now we do not have to be.",
    quoteAttribution: "Residents' association treasurer (illustrative quote, invented example)",
    principles: ["civil_society"],
    startedOn: "2009-07-01",
    publicContact: "Demo contact, hello@sherbourne-hub.example.org",
    consentToPublish: true,
    isExample: true,
    partners: [
      { organisation: "sherbourneHub", role: "lead_vcs", contactName: "Demo contact (example)", contactEmail: "hello@sherbourne-hub.example.org" },
      { organisation: "riversideHomes", role: "lead_statutory", contactName: "Demo contact (example)", contactEmail: "community@riverside-homes.example.org" },
      { organisation: "canleyResidents", role: "other", contactName: "Demo contact (example)", contactEmail: "canley.residents@example.org" },
    ],
    outcome: "commendation",
    rationale: "(example) Stands in for the other unnamed 2010 commendation. Practical help that lets small groups thrive.",
    citation: "(example) For helping small community groups with the paperwork.",
  },
  {
    key: "example-fire-grants-checklist",
    category: "embed-codes",
    title: "A Compact checklist in the fire service's community grants (example)",
    summary:
      "(example) The fire service added a Compact checklist to its small community safety grants, drafted with a youth boxing club that had received one, so that grant officers check notice periods, proportionate monitoring and fair terms before each award.",
    whatHappened:
      "(Invented for the demo.) After a grant to a youth boxing club was delayed, the club and the fire service's community safety team drafted a one-page checklist based on the Compact Funding Code, which officers now complete before each award.",
    impact: "(Invented for the demo.) Early days: the checklist had been used for one grant round when the nomination was made.",
    howPartnersWorked: "(Invented for the demo.) The club's volunteers and the community safety team wrote the checklist together.",
    quote: "It is a small thing, but it means the next club will not wait as long as we did.",
    quoteAttribution: "Youth boxing club volunteer (illustrative quote, invented example)",
    principles: ["managing_change"],
    startedOn: "2010-01-11",
    publicContact: "Demo contact, community.safety@fire.example.org",
    consentToPublish: false,
    isExample: true,
    partners: [
      { organisation: "tileHillBoxing", role: "lead_vcs", contactName: "Demo contact (example)", contactEmail: "tilehill.boxing@example.org" },
      { organisation: "fireService", role: "lead_statutory", contactName: "Demo contact (example)", contactEmail: "community.safety@fire.example.org" },
    ],
    outcome: null,
    rationale: "(example) A promising start, but too early to show the checklist embedded in practice; encourage a nomination next year.",
    citation: "(example) Not awarded: a promising start on embedding the Funding Code.",
  },
  {
    key: "example-hospital-garden",
    category: "joint-working",
    title: "Volunteers in a hospital courtyard garden (example)",
    summary:
      "(example) A gardening social enterprise and the hospital trust turned a neglected courtyard into a garden for patients and staff, maintained by volunteers, some of them former patients.",
    whatHappened:
      "(Invented for the demo.) The hospital trust offered the courtyard and paid for materials; the social enterprise designed the garden and recruited and supported the volunteers who look after it.",
    impact: "(Invented for the demo.) Patients and staff use the garden daily; the volunteers gained skills and confidence.",
    howPartnersWorked: "(Invented for the demo.) The estates team and the social enterprise met monthly to plan the work.",
    quote: "It is the one place in the hospital where you can hear birds.",
    quoteAttribution: "Nurse (illustrative quote, invented example)",
    principles: ["responsive_services"],
    startedOn: "2009-05-18",
    publicContact: "Demo contact, grow@green-fingers.example.org",
    consentToPublish: true,
    isExample: true,
    partners: [
      { organisation: "greenFingers", role: "lead_vcs", contactName: "Demo contact (example)", contactEmail: "grow@green-fingers.example.org" },
      { organisation: "uhcw", role: "lead_statutory", contactName: "Demo contact (example)", contactEmail: "estates@uhcw.example.org" },
    ],
    outcome: null,
    rationale: "(example) A pleasant project, but the partnership was closer to a landlord and a contractor than to joint working; not awarded this year.",
    citation: "(example) Not awarded.",
  },
];
