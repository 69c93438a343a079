/** Who is sent to the first-visit step ("About you"); see first-visit.server.ts. */

/** The one rule: a person who has not yet saved the first-visit step is sent to it. */
export function needsFirstVisit(user: { welcomedAt: Date | null }) {
  return user.welcomedAt === null;
}

export function firstVisitPath(next: string) {
  return `/welcome?redirectTo=${encodeURIComponent(next)}`;
}
