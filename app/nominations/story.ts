/** The words of a nomination's story, as the partners wrote them: every view of it starts from these. */
export type StoryText = {
  title: string;
  summary: string;
  whatHappened: string;
  impact: string;
  howPartnersWorked: string;
  quote: string;
  quoteAttribution: string;
};

/** Just the story's words of a nomination row (or anything that carries them). */
export function storyText(n: StoryText): StoryText {
  return {
    title: n.title,
    summary: n.summary,
    whatHappened: n.whatHappened,
    impact: n.impact,
    howPartnersWorked: n.howPartnersWorked,
    quote: n.quote,
    quoteAttribution: n.quoteAttribution,
  };
}
