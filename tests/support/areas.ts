/**
 * A cycle belongs to a Compact area (docs/decisions/0068). Test fixtures that write a cycle
 * straight into the database attach it with `...inArea("Testshire")` beside its `area` text:
 * the area is found by its web address name, or made the first time.
 */
export function areaSlugOf(place: string): string {
  return (
    place
      .trim()
      .toLowerCase()
      .replace(/&/g, "and")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "area"
  );
}

export function inArea(place: string) {
  const slug = areaSlugOf(place);
  return { compactArea: { connectOrCreate: { where: { slug }, create: { slug, name: `${place} Compact` } } } };
}
