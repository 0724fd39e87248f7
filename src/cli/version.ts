import { createRequire } from 'node:module';

/** The package's version, read from its package.json when asked (never at import). */
export function packageVersion(): string {
  try {
    // dist/cli/index.js, like src/cli/version.ts, sits two folders below the package root.
    const pkg = createRequire(import.meta.url)('../../package.json') as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
