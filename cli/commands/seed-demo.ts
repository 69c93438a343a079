import { prisma } from "../../app/db/client.server";
import { seedDemo } from "../../app/demo/seed.server";

export const help =
  "load (or reset) the demo: the Coventry Compact (coventry-2010 with published results, and a cycle open for nominations) and an invented second area";

export async function run() {
  const result = await seedDemo(prisma);
  console.log(`Demo cycles ready: ${[...result.cycles, ...result.exampleCycles].join(", ")} (areas: ${result.areas.join(", ")})`);
  return 0;
}
