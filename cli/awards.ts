/**
 * The organiser's command line: `npm run awards -- <command> [arguments]`.
 * Each command is a module in cli/commands/<command>.ts exporting `run(args)` and `help`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const commandsDir = path.join(here, "commands");

type Command = { run: (args: string[]) => Promise<number | void>; help: string };

async function listCommands() {
  const names = fs
    .readdirSync(commandsDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.replace(/\.ts$/, ""))
    .sort();
  const commands: [string, Command][] = [];
  for (const name of names) commands.push([name, (await import(path.join(commandsDir, `${name}.ts`))) as Command]);
  return commands;
}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === "help" || name === "--help") {
    console.log("Usage: npm run awards -- <command> [arguments]\n\nCommands:");
    for (const [n, c] of await listCommands()) console.log(`  ${n.padEnd(16)} ${c.help}`);
    return 0;
  }
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !fs.existsSync(path.join(commandsDir, `${name}.ts`))) {
    console.error(`Unknown command "${name}". Run: npm run awards -- help`);
    return 2;
  }
  const command = (await import(path.join(commandsDir, `${name}.ts`))) as Command;
  return (await command.run(args)) ?? 0;
}

main()
  .then(async (code) => {
    const { prisma } = await import("../app/db/client.server");
    await prisma.$disconnect();
    process.exit(code ?? 0);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
