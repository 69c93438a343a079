/**
 * Runs the fake Resend API (tests/support/fake-resend.ts) as its own process, so a test can
 * kill the sender mid-batch and still count what was delivered.
 *
 *   node --import tsx tests/support/fake-resend-cli.ts [port] [--log deliveries.jsonl]
 *        [--api-key re_test_123] [--mode '{"kind":"status","status":429,"times":2}']
 *
 * Prints one JSON line to stdout once it listens: {"url":"http://127.0.0.1:PORT","port":PORT,"apiKey":"..."}.
 * With --log, every accepted message is appended to that file as one JSON line, written
 * before the answer goes back. While it runs, `POST /__fake/mode` (body: a mode as JSON)
 * changes its behaviour and `GET /__fake/emails` lists what it accepted.
 * Stops on SIGTERM or SIGINT.
 */
import fs from "node:fs";
import { startFakeResend, type FakeResendMode } from "./fake-resend";

function parseArgs(argv: string[]) {
  let port = 0;
  let log: string | undefined;
  let apiKey: string | undefined;
  let mode: FakeResendMode | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--log") log = value();
    else if (arg.startsWith("--log=")) log = arg.slice("--log=".length);
    else if (arg === "--api-key") apiKey = value();
    else if (arg.startsWith("--api-key=")) apiKey = arg.slice("--api-key=".length);
    else if (arg === "--mode") mode = JSON.parse(value()) as FakeResendMode;
    else if (arg.startsWith("--mode=")) mode = JSON.parse(arg.slice("--mode=".length)) as FakeResendMode;
    else if (arg === "--port") port = Number(value());
    else if (/^\d+$/.test(arg)) port = Number(arg);
    else throw new Error(`Unknown argument: ${arg}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("The port must be a number from 0 to 65535");
  return { port, log, apiKey, mode };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.log) fs.writeFileSync(args.log, "", { flag: "a" });
  const fake = await startFakeResend({
    port: args.port,
    apiKey: args.apiKey,
    mode: args.mode,
    onAccepted: args.log
      ? (email) => {
          // Synchronous, so the line is on disk before the sender hears back.
          fs.appendFileSync(args.log!, `${JSON.stringify(email)}\n`);
        }
      : undefined,
  });
  process.stdout.write(`${JSON.stringify({ url: fake.url, port: fake.port, apiKey: fake.apiKey })}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-resend: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
