import path from "node:path";
import { bookletFileName, ensureBooklet } from "../../app/booklet/booklet.server";
import { audit } from "../../app/audit/audit.server";
import { prisma } from "../../app/db/client.server";
import { writeFileAtomic } from "../../app/storage/atomic.server";

export const help = "<slug> [--out FILE] [--force]  make the case-study booklet PDF (stored for the site; also written to FILE), showing progress";

function usage(problem?: string) {
  if (problem) console.error(problem);
  console.error("Usage: npm run awards -- booklet <slug> [--out FILE] [--force]");
  console.error("  --out FILE   also write the PDF to FILE (default: <slug>-case-studies.pdf in this folder)");
  console.error("  --force      make it again even if nothing has changed");
  return 2;
}

export async function run(args: string[]) {
  const positional: string[] = [];
  let out: string | undefined;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--out" || arg === "-o") {
      out = args[++i];
      if (!out) return usage("--out needs a file name.");
    } else if (arg.startsWith("--out=")) {
      out = arg.slice("--out=".length);
      if (!out) return usage("--out needs a file name.");
    } else if (arg === "--force") {
      force = true;
    } else if (arg === "--help" || arg === "-h") {
      return usage();
    } else if (arg.startsWith("-")) {
      return usage(`Unknown option "${arg}".`);
    } else {
      positional.push(arg);
    }
  }
  const [slug, ...extra] = positional;
  if (!slug) return usage();
  if (extra.length) return usage(`Unexpected argument "${extra[0]}".`);

  const cycle = await prisma.awardCycle.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, publishedAt: true } });
  if (!cycle) {
    console.error(`No cycle with the slug "${slug}".`);
    return 1;
  }
  const started = Date.now();
  let lastStep = "";
  const booklet = await ensureBooklet(prisma, cycle.id, {
    force,
    onProgress: (p) => {
      if (p.step !== lastStep) {
        lastStep = p.step;
        if (p.step === "photos") console.error("Preparing photos…");
        if (p.step === "layout") console.error("Laying out pages…");
      }
      if (p.step === "photos" || p.step === "layout") {
        if (p.total <= 100 || p.done % 10 === 0 || p.done === p.total) console.error(`  ${p.message.replace(/^Preparing photos: c/, "C")}`);
      } else {
        console.error(p.message);
      }
    },
  });
  const file = path.resolve(out ?? bookletFileName(cycle.slug));
  await writeFileAtomic(file, booklet.pdf);
  if (booklet.regenerated) {
    await audit(prisma, { cycleId: cycle.id, action: "cycle.booklet.generated", entityType: "AwardCycle", entityId: cycle.id, data: { via: "cli" } });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(
    `${booklet.regenerated ? "Made" : "Unchanged since it was last made:"} the booklet of ${cycle.name}: ${booklet.pages} pages, ${Math.round(booklet.bytes / 1024)} KB${booklet.regenerated ? `, in ${seconds} s` : ""}.`,
  );
  if (!cycle.publishedAt) console.error("The results are not published yet: only organisers can open it on the site.");
  console.error(`Wrote ${file}`);
  return 0;
}
