/** "What happens next" for a nomination in play: the words for each stage of nominationStage(). */
import type { SerializeFrom, TypedResponse } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { formatUkDateTime } from "~/utils/time";
import type { NominationStage } from "./stage";

const when = (iso: string | null) => formatUkDateTime(iso ? new Date(iso) : null);

/** The stage as the page's loader sends it: through json(), so its dates are strings. */
type SentStage = SerializeFrom<() => TypedResponse<NominationStage>>;

export function StageNow({ stage, resultsPath }: { stage: SentStage; resultsPath: string }) {
  switch (stage.kind) {
    case "checking":
      return null;
    case "waiting_for_judging":
      return (
        <p>
          The organisers have checked it meets the rules. Judging starts on {when(stage.judgingOpensAt)}: a panel of judges will read it then. Every partner is
          emailed when the results are decided.
        </p>
      );
    case "judging":
      return (
        <p>
          A panel of judges is reading it now{stage.judgingClosesAt ? `; judging closes on ${when(stage.judgingClosesAt)}` : ""}. Every partner is emailed when
          the results are decided.
        </p>
      );
    case "deciding":
      return (
        <p>
          The judges have finished. The organisers are deciding the outcomes, and every partner is emailed when they are decided.
          {stage.ceremonyAt ? ` The awards are presented at the ceremony on ${when(stage.ceremonyAt)}.` : ""}
        </p>
      );
    case "told":
      return (
        <>
          <p>
            <strong>Outcome: {stage.outcome}.</strong>{" "}
            {stage.awarded ? "Congratulations to every partner." : "Thank you for putting your partnership forward this year."}
          </p>
          {stage.beingCorrected ? <p>The organisers are checking the results again. If this outcome changes, every partner is emailed a correction.</p> : null}
          {stage.awarded && stage.ceremony ? (
            <p>
              It will be presented at the ceremony on {when(stage.ceremony.at)}
              {stage.ceremony.venue ? `, ${stage.ceremony.venue}` : ""}.
              {stage.published ? "" : " Please keep the result to yourselves until it is announced there."}
            </p>
          ) : null}
          {stage.published ? (
            stage.caseStudyPath ? (
              <p>
                The results are published. <Link to={stage.caseStudyPath}>Read its case study</Link> on the awards&apos; pages.
              </p>
            ) : (
              <p>
                The results are published: see <Link to={resultsPath}>the results</Link>.
              </p>
            )
          ) : stage.awarded ? (
            <p>
              {stage.publishAt ? `The results will be published on ${when(stage.publishAt)}.` : "The organisers will publish the results after the ceremony."} A
              link to its case study will appear here then.
            </p>
          ) : null}
        </>
      );
  }
}
