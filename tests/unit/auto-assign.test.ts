import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { autoAssign, panelForCategory, type AutoAssignInput, type AutoAssignResult, type JudgeNominationPair } from "../../app/judging/auto-assign";
import { detectConflicts, type PartnerIdentity } from "../../app/judging/conflicts";

// ---------------------------------------------------------------------------------------------
// A generated cycle: 40 eligible nominations in four categories, six judges, two of whom work
// for organisations that are partners in some nominations. Conflicts come from detectConflicts,
// the same source the pages use.

const council: PartnerIdentity = {
  organisationId: "org-council",
  organisationName: "Coventry City Council",
  emailDomains: ["coventry.gov.uk"],
};
const vac: PartnerIdentity = {
  organisationId: "org-vac",
  organisationName: "Voluntary Action Coventry",
  emailDomains: ["vacoventry.org.uk"],
};
const fire: PartnerIdentity = {
  organisationId: "org-fire",
  organisationName: "West Midlands Fire Service",
  emailDomains: ["wmfs.net"],
};

const CATEGORIES = ["cat-joint-working", "cat-volunteering", "cat-young-people", "cat-neighbourhoods"];

function generatedCycle() {
  const nominations = Array.from({ length: 40 }, (_, i) => {
    const n = i + 1;
    const partners: PartnerIdentity[] = [
      n % 5 === 0 ? council : fire,
      n % 7 === 0 ? vac : { organisationId: `org-group-${n}`, organisationName: `Community group ${n}`, emailDomains: [] },
    ];
    return { id: `nom-${String(n).padStart(2, "0")}`, categoryId: CATEGORIES[i % 4], partners };
  });
  const judges = [
    { id: "judge-council-ad", organisationIds: [], email: "assistant.director@coventry.gov.uk" }, // by email domain
    { id: "judge-cvs-ceo", organisationIds: ["org-vac"], email: "ceo@vacoventry.org.uk" }, // by organisation
    { id: "judge-nhs-chair", organisationIds: ["org-nhs"], email: "chair@coventrypct.nhs.uk" },
    { id: "judge-police", organisationIds: ["org-police"], email: "superintendent@westmidlands.police.uk" },
    { id: "judge-university", organisationIds: ["org-uni"], email: "pvc@warwick.ac.uk" },
    { id: "judge-chamber", organisationIds: ["org-chamber"], email: "director@cwchamber.co.uk" },
  ];
  const conflicts = detectConflicts(judges, nominations);
  const input: AutoAssignInput = {
    nominations: nominations.map(({ id, categoryId }) => ({ id, categoryId })),
    judges: judges.map(({ id }) => ({ id })),
    conflicts,
    existing: [],
    minJudgesPerNomination: 3,
  };
  return { input, conflicts };
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the tests.

const key = (p: JudgeNominationPair) => JSON.stringify([p.judgeId, p.nominationId]);

function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function shuffledInput(input: AutoAssignInput, seed: number): AutoAssignInput {
  return {
    ...input,
    nominations: seededShuffle(input.nominations, seed),
    judges: seededShuffle(input.judges, seed + 1),
    conflicts: seededShuffle([...input.conflicts], seed + 2),
    existing: seededShuffle(input.existing, seed + 3),
  };
}

/** Judges without a conflict on each nomination, existing and new. */
function panels(input: AutoAssignInput, result: AutoAssignResult): Map<string, string[]> {
  const conflicted = new Set([...input.conflicts].map(key));
  const byNomination = new Map<string, string[]>(input.nominations.map((n) => [n.id, []]));
  for (const p of [...input.existing, ...result.assignments]) {
    if (!conflicted.has(key(p))) byNomination.get(p.nominationId)?.push(p.judgeId);
  }
  return byNomination;
}

function assertNoConflictedPair(input: AutoAssignInput, result: AutoAssignResult) {
  const conflicted = new Set([...input.conflicts].map(key));
  for (const a of result.assignments) assert.ok(!conflicted.has(key(a)), `conflicted pair assigned: ${key(a)}`);
}

function assertNoDuplicates(input: AutoAssignInput, result: AutoAssignResult) {
  const seen = new Set(input.existing.map(key));
  for (const a of result.assignments) {
    assert.ok(!seen.has(key(a)), `assigned twice: ${key(a)}`);
    seen.add(key(a));
  }
}

function spread(loads: Record<string, number>, judgeIds: string[]): number {
  const values = judgeIds.map((id) => loads[id]);
  return Math.max(...values) - Math.min(...values);
}

/**
 * An independent answer to "how many new assignments could possibly be made?": a maximum flow
 * (Edmonds-Karp) from nominations (each needing min minus its existing cover) to judges (each
 * with room up to the maximum load). autoAssign must reach it.
 */
function maximumNewAssignments(input: AutoAssignInput): number {
  const conflicted = new Set([...input.conflicts].map(key));
  const nominationIds = [...new Set(input.nominations.map((n) => n.id))];
  const judgeIds = [...new Set(input.judges.map((j) => j.id))];
  const existing = new Set(input.existing.map(key));
  const cover = new Map(nominationIds.map((id) => [id, 0]));
  const load = new Map<string, number>();
  for (const k of existing) {
    const [judgeId, nominationId] = JSON.parse(k) as [string, string];
    if (!cover.has(nominationId) || conflicted.has(k)) continue;
    cover.set(nominationId, (cover.get(nominationId) ?? 0) + 1);
    load.set(judgeId, (load.get(judgeId) ?? 0) + 1);
  }
  const size = 2 + nominationIds.length + judgeIds.length;
  const source = 0;
  const sink = size - 1;
  const capacity = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  nominationIds.forEach((n, i) => {
    capacity[source][1 + i] = Math.max(0, input.minJudgesPerNomination - (cover.get(n) ?? 0));
    judgeIds.forEach((j, k) => {
      const pair = key({ judgeId: j, nominationId: n });
      if (!conflicted.has(pair) && !existing.has(pair)) capacity[1 + i][1 + nominationIds.length + k] = 1;
    });
  });
  judgeIds.forEach((j, k) => {
    const room = input.maxLoadPerJudge === undefined ? 1e9 : Math.max(0, input.maxLoadPerJudge - (load.get(j) ?? 0));
    capacity[1 + nominationIds.length + k][sink] = room;
  });
  let flow = 0;
  for (;;) {
    const parent = new Array<number>(size).fill(-1);
    parent[source] = source;
    const queue = [source];
    for (let q = 0; q < queue.length && parent[sink] < 0; q++) {
      const u = queue[q];
      for (let v = 0; v < size; v++) {
        if (parent[v] < 0 && capacity[u][v] > 0) {
          parent[v] = u;
          queue.push(v);
        }
      }
    }
    if (parent[sink] < 0) return flow;
    let push = Infinity;
    for (let v = sink; v !== source; v = parent[v]) push = Math.min(push, capacity[parent[v]][v]);
    for (let v = sink; v !== source; v = parent[v]) {
      capacity[parent[v]][v] -= push;
      capacity[v][parent[v]] += push;
    }
    flow += push;
  }
}

// ---------------------------------------------------------------------------------------------

describe("autoAssign on a generated cycle (40 nominations, 6 judges, minimum 3, two judges with conflicts)", () => {
  const { input, conflicts } = generatedCycle();
  const result = autoAssign(input);
  const judgeIds = input.judges.map((j) => j.id);

  test("the cycle really has two conflicted judges", () => {
    assert.deepEqual([...new Set(conflicts.map((c) => c.judgeId))].sort(), ["judge-council-ad", "judge-cvs-ceo"]);
    assert.equal(conflicts.length, 8 + 5); // council in every 5th nomination, VAC in every 7th
  });

  test("every nomination gets at least 3 distinct judges without a conflict", () => {
    assert.deepEqual(result.uncovered, []);
    for (const [nominationId, judges] of panels(input, result)) {
      assert.ok(judges.length >= 3, `${nominationId} has ${judges.length}`);
      assert.equal(new Set(judges).size, judges.length, `${nominationId} has a judge twice`);
    }
    assertNoDuplicates(input, result);
  });

  test("no conflicted pair is assigned", () => {
    assertNoConflictedPair(input, result);
  });

  test("loads are even: 120 readings over 6 judges, 20 each, differing by at most 1", () => {
    assert.equal(result.assignments.length, 120);
    assert.deepEqual(Object.keys(result.loads).sort(), [...judgeIds].sort());
    assert.ok(spread(result.loads, judgeIds) <= 1, JSON.stringify(result.loads));
    for (const id of judgeIds) assert.equal(result.loads[id], result.assignments.filter((a) => a.judgeId === id).length);
  });

  test("deterministic: the same answer for shuffled input", () => {
    for (const seed of [1, 7, 42, 2010]) assert.deepEqual(autoAssign(shuffledInput(input, seed)), result);
    assert.deepEqual(autoAssign({ ...input, conflicts: new Set(input.conflicts) }), result);
  });

  test("running it again once applied creates nothing new, with or without a maximum load", () => {
    for (const run of [input, { ...input, maxLoadPerJudge: 15 }]) {
      const first = autoAssign(run);
      const again = autoAssign({ ...run, existing: first.assignments });
      assert.deepEqual(again.assignments, []);
      assert.deepEqual(again.loads, first.loads);
      assert.deepEqual(again.uncovered, first.uncovered);
    }
  });

  test("existing assignments are kept, not recreated, and count towards cover and load", () => {
    const existing = [
      // nom-01 already has two judges: it needs one more
      { judgeId: "judge-police", nominationId: "nom-01" },
      { judgeId: "judge-university", nominationId: "nom-01" },
      // the police judge already has a heavy share
      ...["nom-02", "nom-03", "nom-04", "nom-06", "nom-08", "nom-09"].map((nominationId) => ({
        judgeId: "judge-police",
        nominationId,
      })),
      // a judge declared a conflict on nom-11 after being assigned: no cover, no load
      { judgeId: "judge-chamber", nominationId: "nom-11" },
    ];
    const withExisting: AutoAssignInput = {
      ...input,
      existing,
      conflicts: [...input.conflicts, { judgeId: "judge-chamber", nominationId: "nom-11", reason: "Declared: trustee of a partner." }],
    };
    const r = autoAssign(withExisting);
    assertNoDuplicates(withExisting, r);
    assertNoConflictedPair(withExisting, r);
    assert.deepEqual(r.uncovered, []);
    assert.equal(r.assignments.filter((a) => a.nominationId === "nom-01").length, 1);
    assert.ok(!r.assignments.some((a) => a.judgeId === "judge-chamber" && a.nominationId === "nom-11"));
    const nom11 = panels(withExisting, r).get("nom-11") ?? [];
    assert.equal(nom11.length, 3);
    assert.ok(!nom11.includes("judge-chamber"));
    // 120 readings in all, 8 of them existing (the conflicted one is not a reading): still 20 each
    assert.equal(r.assignments.length, 120 - 8);
    assert.equal(r.loads["judge-police"], 20);
    assert.ok(spread(r.loads, judgeIds) <= 1, JSON.stringify(r.loads));
  });

  test("the maximum load is respected and what could not be covered is reported", () => {
    const capped = { ...input, maxLoadPerJudge: 15 }; // 6 x 15 = 90 readings for 120 needed
    const r = autoAssign(capped);
    for (const id of judgeIds) assert.ok(r.loads[id] <= 15, `${id}: ${r.loads[id]}`);
    assert.equal(r.assignments.length, 90);
    assertNoConflictedPair(capped, r);
    const short = [...panels(capped, r)].filter(([, judges]) => judges.length < 3);
    assert.deepEqual(r.uncovered.map((u) => u.nominationId).sort(), short.map(([id]) => id).sort());
    assert.equal(
      r.uncovered.reduce((sum, u) => sum + (u.need - u.have), 0),
      30,
    );
    for (const u of r.uncovered) {
      assert.equal(u.cause, "max_load_reached");
      assert.equal(u.need, 3);
      assert.match(u.reason, /maximum of 15 nominations/);
    }
  });

  test("coverage that is impossible is reported: minimum 3 with only 2 judges free of conflict", () => {
    const nominations = [
      { id: "nom-x", categoryId: "cat-a" },
      { id: "nom-y", categoryId: "cat-a" },
    ];
    const judges = [{ id: "j1" }, { id: "j2" }, { id: "j3" }, { id: "j4" }];
    const conflicts = [
      { judgeId: "j1", nominationId: "nom-x" },
      { judgeId: "j2", nominationId: "nom-x" },
    ];
    const r = autoAssign({ nominations, judges, conflicts, existing: [], minJudgesPerNomination: 3 });
    assert.deepEqual(
      r.assignments.filter((a) => a.nominationId === "nom-x"),
      [
        { judgeId: "j3", nominationId: "nom-x" },
        { judgeId: "j4", nominationId: "nom-x" },
      ],
    );
    assert.equal(r.uncovered.length, 1);
    const [u] = r.uncovered;
    assert.equal(u.nominationId, "nom-x");
    assert.equal(u.have, 2);
    assert.equal(u.need, 3);
    assert.equal(u.cause, "not_enough_judges");
    assert.match(u.reason, /Only 2 judges can read this nomination without a conflict/);
  });
  test("a nomination no judge can read is reported in plain words", () => {
    const r = autoAssign({
      nominations: [{ id: "nom-x", categoryId: "c" }],
      judges: [{ id: "j1" }],
      conflicts: [{ judgeId: "j1", nominationId: "nom-x" }],
      existing: [],
      minJudgesPerNomination: 1,
    });
    assert.equal(r.uncovered.length, 1);
    assert.match(r.uncovered[0].reason, /^No judge can read this nomination without a conflict of interest; 1 is needed\./);
  });
});

describe("autoAssign: smaller rules", () => {
  test("most-constrained first: a nomination only two judges can read gets them before they fill up", () => {
    const r = autoAssign({
      nominations: [
        { id: "a", categoryId: "c" },
        { id: "b", categoryId: "c" },
        { id: "z", categoryId: "c" },
      ],
      judges: [{ id: "j1" }, { id: "j2" }, { id: "j3" }, { id: "j4" }],
      conflicts: [
        { judgeId: "j3", nominationId: "z" },
        { judgeId: "j4", nominationId: "z" },
      ],
      existing: [],
      minJudgesPerNomination: 2,
      maxLoadPerJudge: 2,
    });
    assert.deepEqual(r.uncovered, []);
    assert.deepEqual(
      r.assignments.filter((a) => a.nominationId === "z").map((a) => a.judgeId),
      ["j1", "j2"],
    );
  });

  test("a nomination is covered by handing work along when the judges free to take it are full", () => {
    // Greedy alone (lowest load, then id) gives nom-1 to j1 and j3, then nom-2 to j2 and stops:
    // j1 and j3 are full and j4 is conflicted. Handing over (j1 passes nom-1 to j4 and takes
    // nom-2) covers both.
    const input: AutoAssignInput = {
      nominations: [
        { id: "nom-1", categoryId: "c" },
        { id: "nom-2", categoryId: "c" },
      ],
      judges: [{ id: "j1" }, { id: "j2" }, { id: "j3" }, { id: "j4" }],
      conflicts: [
        { judgeId: "j2", nominationId: "nom-1" },
        { judgeId: "j4", nominationId: "nom-2" },
      ],
      existing: [{ judgeId: "j2", nominationId: "nom-withdrawn" }], // not being judged: ignored
      minJudgesPerNomination: 2,
      maxLoadPerJudge: 1,
    };
    const r = autoAssign(input);
    assert.deepEqual(r.uncovered, []);
    assertNoConflictedPair(input, r);
    assert.equal(r.assignments.length, 4);
    assert.deepEqual(r.loads, { j1: 1, j2: 1, j3: 1, j4: 1 });
  });

  test("loads are levelled by handing work along when greedy leaves them uneven", () => {
    // Greedy alone gives j1 both nominations and j4 none; one hand-over evens it out.
    const r = autoAssign({
      nominations: [
        { id: "nom-1", categoryId: "c" },
        { id: "nom-2", categoryId: "c" },
      ],
      judges: [{ id: "j1" }, { id: "j2" }, { id: "j3" }, { id: "j4" }],
      conflicts: [
        { judgeId: "j3", nominationId: "nom-1" },
        { judgeId: "j4", nominationId: "nom-2" },
      ],
      existing: [],
      minJudgesPerNomination: 2,
    });
    assert.deepEqual(r.uncovered, []);
    assert.deepEqual(r.loads, { j1: 1, j2: 1, j3: 1, j4: 1 });
  });

  test("at equal loads, judges stay within the categories they already judge", () => {
    // ids interleave the two categories, so without the preference panels would mix
    const nominations = Array.from({ length: 12 }, (_, i) => ({
      id: `nom-${String(i).padStart(2, "0")}`,
      categoryId: i % 2 ? "cat-b" : "cat-a",
    }));
    const judges = ["j1", "j2", "j3", "j4", "j5", "j6"].map((id) => ({ id }));
    const r = autoAssign({ nominations, judges, conflicts: [], existing: [], minJudgesPerNomination: 3 });
    const panelOf = (category: string) =>
      [...new Set(r.assignments.filter((a) => nominations.find((n) => n.id === a.nominationId)?.categoryId === category).map((a) => a.judgeId))].sort();
    assert.deepEqual(panelOf("cat-a"), ["j1", "j2", "j3"]);
    assert.deepEqual(panelOf("cat-b"), ["j4", "j5", "j6"]);
    assert.ok(Object.values(r.loads).every((l) => l === 6));
  });

  test("loads level out even when existing assignments start uneven", () => {
    const nominations = Array.from({ length: 9 }, (_, i) => ({ id: `n${i}`, categoryId: "c" }));
    const existing = ["n0", "n1", "n2", "n3", "n4", "n5"].map((nominationId) => ({ judgeId: "j1", nominationId }));
    const r = autoAssign({
      nominations,
      judges: [{ id: "j1" }, { id: "j2" }, { id: "j3" }],
      conflicts: [],
      existing,
      minJudgesPerNomination: 2,
    });
    assert.deepEqual(r.loads, { j1: 6, j2: 6, j3: 6 });
    assert.ok(r.assignments.every((a) => a.judgeId !== "j1"));
  });

  test("every judge appears in loads, even with nothing to read; duplicates in the input are ignored", () => {
    const r = autoAssign({
      nominations: [
        { id: "n1", categoryId: "c" },
        { id: "n1", categoryId: "c" },
      ],
      judges: [{ id: "j1" }, { id: "j2" }, { id: "j2" }],
      conflicts: [{ judgeId: "j2", nominationId: "n1" }],
      existing: [
        { judgeId: "j1", nominationId: "n1" },
        { judgeId: "j1", nominationId: "n1" },
      ],
      minJudgesPerNomination: 1,
    });
    assert.deepEqual(r, { assignments: [], uncovered: [], loads: { j1: 1, j2: 0 } });
  });

  test("nothing to do when the minimum is 0; nonsense numbers are refused", () => {
    const base = { nominations: [{ id: "n", categoryId: "c" }], judges: [{ id: "j" }], conflicts: [], existing: [] };
    assert.deepEqual(autoAssign({ ...base, minJudgesPerNomination: 0 }), { assignments: [], uncovered: [], loads: { j: 0 } });
    assert.throws(() => autoAssign({ ...base, minJudgesPerNomination: -1 }), RangeError);
    assert.throws(() => autoAssign({ ...base, minJudgesPerNomination: 2.5 }), RangeError);
    assert.throws(() => autoAssign({ ...base, minJudgesPerNomination: 1, maxLoadPerJudge: Number.NaN }), RangeError);
  });
});

describe("autoAssign properties (random cycles)", () => {
  const cycles = fc
    .record({
      nominationCount: fc.integer({ min: 0, max: 14 }),
      judgeCount: fc.integer({ min: 0, max: 7 }),
      categoryCount: fc.integer({ min: 1, max: 3 }),
      min: fc.integer({ min: 0, max: 4 }),
      maxLoad: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      conflictBits: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 98, maxLength: 98 }),
      existingBits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 98, maxLength: 98 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .map(({ nominationCount, judgeCount, categoryCount, min, maxLoad, conflictBits, existingBits, seed }): [AutoAssignInput, number] => {
      const nominations = Array.from({ length: nominationCount }, (_, i) => ({
        id: `n${i}`,
        categoryId: `c${i % categoryCount}`,
      }));
      const judges = Array.from({ length: judgeCount }, (_, i) => ({ id: `j${i}` }));
      const conflicts: JudgeNominationPair[] = [];
      const existing: JudgeNominationPair[] = [];
      nominations.forEach((n, i) =>
        judges.forEach((j, k) => {
          if (conflictBits[i * 7 + k] === 0) conflicts.push({ judgeId: j.id, nominationId: n.id });
          if (existingBits[i * 7 + k] === 0) existing.push({ judgeId: j.id, nominationId: n.id });
        }),
      );
      return [{ nominations, judges, conflicts, existing, minJudgesPerNomination: min, maxLoadPerJudge: maxLoad }, seed];
    });

  test("never a conflicted pair, never a judge twice, never over the maximum load; cover is as high as possible", () => {
    fc.assert(
      fc.property(cycles, ([input]) => {
        const r = autoAssign(input);
        assertNoConflictedPair(input, r);
        assertNoDuplicates(input, r);
        if (input.maxLoadPerJudge !== undefined) {
          for (const a of r.assignments) assert.ok(r.loads[a.judgeId] <= input.maxLoadPerJudge, `${a.judgeId} over the maximum`);
        }
        assert.equal(r.assignments.length, maximumNewAssignments(input));
        // uncovered lists exactly the nominations still short, with the right counts
        const short = [...panels(input, r)].filter(([, js]) => js.length < input.minJudgesPerNomination);
        assert.deepEqual(
          r.uncovered.map((u) => [u.nominationId, u.have, u.need]).sort(),
          short.map(([id, js]) => [id, js.length, input.minJudgesPerNomination]).sort(),
        );
      }),
      { numRuns: 300 },
    );
  });

  test("the same answer whatever order the input comes in", () => {
    fc.assert(
      fc.property(cycles, ([input, seed]) => {
        assert.deepEqual(autoAssign(shuffledInput(input, seed)), autoAssign(input));
      }),
      { numRuns: 200 },
    );
  });

  test("without conflicts, a maximum or existing assignments, loads differ by at most 1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 8 }), (nominationCount, judgeCount, min) => {
        fc.pre(min <= judgeCount);
        const nominations = Array.from({ length: nominationCount }, (_, i) => ({ id: `n${i}`, categoryId: `c${i % 3}` }));
        const judges = Array.from({ length: judgeCount }, (_, i) => ({ id: `j${i}` }));
        const r = autoAssign({ nominations, judges, conflicts: [], existing: [], minJudgesPerNomination: min });
        assert.deepEqual(r.uncovered, []);
        assert.ok(
          spread(
            r.loads,
            judges.map((j) => j.id),
          ) <= 1,
          JSON.stringify(r.loads),
        );
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * Brute force for tiny cycles: try every way of giving each nomination up to what it needs,
 * keep the ones with the most cover, and of those the smallest sum of squared loads (the most
 * even spread). autoAssign must match it.
 */
function bestPossible(input: AutoAssignInput): { cover: number; sumOfSquares: number } {
  const conflicted = new Set([...input.conflicts].map(key));
  const existing = new Set(input.existing.map(key));
  const judgeIds = input.judges.map((j) => j.id);
  const load = new Map<string, number>(judgeIds.map((j) => [j, 0]));
  const options = input.nominations.map((n) => {
    const have = input.existing.filter((e) => e.nominationId === n.id && !conflicted.has(key(e))).length;
    const need = Math.max(0, input.minJudgesPerNomination - have);
    const free = judgeIds.filter((j) => !conflicted.has(key({ judgeId: j, nominationId: n.id })) && !existing.has(key({ judgeId: j, nominationId: n.id })));
    const subsets: string[][] = [];
    for (let mask = 0; mask < 1 << free.length; mask++) {
      const chosen = free.filter((_, b) => mask & (1 << b));
      if (chosen.length <= need) subsets.push(chosen);
    }
    return subsets;
  });
  for (const e of input.existing) {
    if (!conflicted.has(key(e)) && load.has(e.judgeId)) load.set(e.judgeId, (load.get(e.judgeId) ?? 0) + 1);
  }
  let best = { cover: -1, sumOfSquares: Infinity };
  const walk = (i: number, cover: number) => {
    if (i === options.length) {
      const values = [...load.values()];
      // new work may not take a judge over the maximum (existing work alone may already have)
      const max = input.maxLoadPerJudge;
      if (max !== undefined && judgeIds.some((j) => (load.get(j) ?? 0) > max && (load.get(j) ?? 0) > (existingLoad.get(j) ?? 0))) return;
      const sumOfSquares = values.reduce((s, v) => s + v * v, 0);
      if (cover > best.cover || (cover === best.cover && sumOfSquares < best.sumOfSquares)) best = { cover, sumOfSquares };
      return;
    }
    for (const chosen of options[i]) {
      for (const j of chosen) load.set(j, (load.get(j) ?? 0) + 1);
      walk(i + 1, cover + chosen.length);
      for (const j of chosen) load.set(j, (load.get(j) ?? 0) - 1);
    }
  };
  const existingLoad = new Map(load);
  walk(0, 0);
  return best;
}

describe("autoAssign against brute force (tiny cycles)", () => {
  test("as much cover as possible, and of those the most even loads", () => {
    const tiny = fc
      .record({
        nominationCount: fc.integer({ min: 1, max: 4 }),
        judgeCount: fc.integer({ min: 1, max: 4 }),
        min: fc.integer({ min: 1, max: 3 }),
        maxLoad: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        conflictBits: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 16, maxLength: 16 }),
        existingBits: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 16, maxLength: 16 }),
      })
      .map(({ nominationCount, judgeCount, min, maxLoad, conflictBits, existingBits }): AutoAssignInput => {
        const nominations = Array.from({ length: nominationCount }, (_, i) => ({ id: `n${i}`, categoryId: `c${i % 2}` }));
        const judges = Array.from({ length: judgeCount }, (_, i) => ({ id: `j${i}` }));
        const conflicts: JudgeNominationPair[] = [];
        const existing: JudgeNominationPair[] = [];
        nominations.forEach((n, i) =>
          judges.forEach((j, k) => {
            if (conflictBits[i * 4 + k] === 0) conflicts.push({ judgeId: j.id, nominationId: n.id });
            if (existingBits[i * 4 + k] === 0) existing.push({ judgeId: j.id, nominationId: n.id });
          }),
        );
        return { nominations, judges, conflicts, existing, minJudgesPerNomination: min, maxLoadPerJudge: maxLoad };
      });
    fc.assert(
      fc.property(tiny, (input) => {
        const r = autoAssign(input);
        const best = bestPossible(input);
        const sumOfSquares = input.judges.reduce((s, j) => s + r.loads[j.id] ** 2, 0);
        assert.deepEqual({ cover: r.assignments.length, sumOfSquares }, best);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("panelForCategory", () => {
  const nominations = [
    { id: "nom-1", categoryId: "cat-a" },
    { id: "nom-2", categoryId: "cat-a" },
    { id: "nom-3", categoryId: "cat-b" },
  ];

  test("assigns the panel to every nomination of the category, skipping conflicts with their reason", () => {
    const r = panelForCategory({
      categoryId: "cat-a",
      nominations,
      judgeIds: ["j2", "j1", "j2"],
      conflicts: [
        {
          judgeId: "j2",
          nominationId: "nom-1",
          reason: "The judge's organisation, Coventry City Council, is a partner in this nomination.",
        },
        { judgeId: "j1", nominationId: "nom-3" },
      ],
      existing: [{ judgeId: "j1", nominationId: "nom-2" }],
    });
    assert.deepEqual(r.assignments, [
      { judgeId: "j1", nominationId: "nom-1" },
      { judgeId: "j2", nominationId: "nom-2" },
    ]);
    assert.deepEqual(r.skipped, [
      {
        judgeId: "j2",
        nominationId: "nom-1",
        reason: "The judge's organisation, Coventry City Council, is a partner in this nomination.",
      },
    ]);
    assert.deepEqual(r.alreadyAssigned, [{ judgeId: "j1", nominationId: "nom-2" }]);
  });

  test("a conflict given without a reason is still reported, in plain words", () => {
    const r = panelForCategory({
      categoryId: "cat-b",
      nominations,
      judgeIds: ["j1"],
      conflicts: [{ judgeId: "j1", nominationId: "nom-3" }],
      existing: [],
    });
    assert.deepEqual(r.assignments, []);
    assert.equal(r.skipped.length, 1);
    assert.match(r.skipped[0].reason, /conflict of interest/);
  });
});
