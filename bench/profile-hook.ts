/**
 * Loaded into the server by bench/profile.ts (`node --import <this file>`): SIGUSR2 starts
 * V8's CPU profiler, a second SIGUSR2 stops it and writes the profile to BENCH_PROFILE_OUT.
 * So a profile holds only the load, not the server's start-up and module loading.
 */
import fs from "node:fs";
import inspector from "node:inspector";

const out = process.env.BENCH_PROFILE_OUT;
if (out) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 200 }, () => session.post("Profiler.start")));
      return;
    }
    running = false;
    session.post("Profiler.stop", (error, result) => {
      if (error) console.error("profile-hook:", error);
      else fs.writeFileSync(out, JSON.stringify(result.profile));
    });
  });
}
