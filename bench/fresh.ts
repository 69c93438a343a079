/**
 * Side-effect import for bench/run.ts, before any app module: sets the environment
 * (bench/env.ts) and wipes bench/data, so every run starts from nothing.
 */
import fs from "node:fs";
import { DATA } from "./env";

fs.rmSync(DATA, { recursive: true, force: true });
fs.mkdirSync(DATA, { recursive: true });
