import { createInterface } from 'node:readline/promises';

/** What the CLI needs from its process: streams, the environment, and the two kinds of question it asks. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  /** True when stdin is a terminal (a person can answer a prompt). */
  readonly interactive: boolean;
  /** Writes to stdout: data only (tables, JSON, a key, a token, export lines). */
  out(text: string): void;
  /** Writes to stderr: messages for the person. */
  err(text: string): void;
  /** Reads all of stdin as UTF-8. */
  readStdin(): Promise<string>;
  /** Asks on the terminal without echoing the answer. */
  askSecret(question: string): Promise<string>;
  /** Asks a yes/no question on the terminal; anything but y/yes is no. */
  confirm(question: string): Promise<boolean>;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    env: process.env,
    interactive: process.stdin.isTTY === true,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readStdin,
    askSecret,
    async confirm(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line in raw mode so that nothing typed is echoed; Ctrl-C aborts, backspace works. */
function askSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
