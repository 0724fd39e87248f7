// Loaded into a bundled step by `npm run bench` (NODE_OPTIONS=--import=…) to read its memory: the JavaScript heap
// in use, sampled every 2 ms (its peak), and the process's maximum resident set size, written at exit to
// $BENCH_PROBE_OUT. The sampling timer is unref'd: the step runs and ends as it would anyway.
import { writeFileSync } from 'node:fs';

let peakHeap = 0;
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
setInterval(sample, 2).unref();

process.on('exit', () => {
  sample();
  const out = process.env.BENCH_PROBE_OUT;
  if (out) writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, peakHeapBytes: peakHeap }));
});
