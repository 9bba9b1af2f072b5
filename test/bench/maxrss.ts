/**
 * Preloaded (`node --require out/test/bench/maxrss.js ...`) when /usr/bin/time is missing: writes the
 * process's peak resident set size and CPU time to stderr at exit (`MAXRSS_KB <n>`, `CPU_MS <n>`).
 */
import * as fs from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  fs.writeSync(2, `MAXRSS_KB ${u.maxRSS}\nCPU_MS ${(u.userCPUTime + u.systemCPUTime) / 1000}\n`);
});
