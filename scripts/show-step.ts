// Prints a step run the way the runner's log shows it: masked values hidden, ::add-mask:: and ::debug:: lines
// dropped, then the exports, outputs and job summary. Shared by `npm run demo` and `npm run action`.
import type { StepRun } from '../test/support/run-step.ts';

const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text);

export function showStep(run: StepRun, indent = '   '): void {
  const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice('::add-mask::'.length));
  const hide = (text: string) => masks.reduce((out, secret) => (secret ? out.split(secret).join('***') : out), text);
  console.log(dim(`${indent}log (${masks.length} values masked, as the runner hides them):`));
  // The runner hides ::add-mask:: commands, and ::debug:: lines unless debug logging is on.
  for (const line of run.stdout.split('\n')) if (line && !/^::(add-mask|debug)::/.test(line)) console.log(`${indent}  ${hide(line)}`);
  for (const line of run.stderr.split('\n')) if (line) console.log(`${indent}  ${hide(line)}`);
  console.log(dim(`${indent}exported to later steps:`));
  for (const [name, value] of Object.entries(run.env)) console.log(`${indent}  ${name}=${hide(value)}`);
  console.log(dim(`${indent}outputs:`));
  for (const [name, value] of Object.entries(run.outputs)) console.log(`${indent}  ${name}: ${hide(value)}`);
  console.log(dim(`${indent}job summary:`));
  for (const line of run.summary.trim().split('\n')) console.log(`${indent}  ${hide(line)}`);
  console.log(dim(`${indent}exit code ${run.code}\n`));
}
