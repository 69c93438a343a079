import { areaSlugFromPlace } from "~/areas/areas.server";

/**
 * A cycle belongs to a Compact area (docs/decisions/0068). Test fixtures that write a cycle
 * straight into the database attach it with `...inArea("Testshire")` beside its `area` text:
 * the area is found by its web address name, or made the first time.
 */
export function inArea(place: string) {
  const slug = areaSlugFromPlace(place);
  return { compactArea: { connectOrCreate: { where: { slug }, create: { slug, name: `${place} Compact` } } } };
}
