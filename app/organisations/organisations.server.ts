import type { Db } from "~/db/client.server";
import type { Sector } from "~/domain/vocabulary";

/** Two organisations are the same when their names match ignoring case, spacing and "&" vs "and". */
export function organisationNameKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function tidyName(name: string) {
  return name.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/** Finds the organisation by name (no duplicates by name) or adds it with its sector. */
export async function findOrCreateOrganisation(db: Db, input: { name: string; sector: Sector }) {
  const nameKey = organisationNameKey(input.name);
  const existing = await db.organisation.findUnique({ where: { nameKey } });
  if (existing) return existing;
  try {
    return await db.organisation.create({
      data: { name: tidyName(input.name), nameKey, sector: input.sector },
    });
  } catch (error) {
    const raced = await db.organisation.findUnique({ where: { nameKey } });
    if (raced) return raced;
    throw error;
  }
}

export async function listOrganisations(db: Db) {
  return db.organisation.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, sector: true } });
}
