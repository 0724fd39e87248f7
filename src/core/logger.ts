/** Where the core reports progress; the action maps it to @actions/core, the CLI to stderr. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

/** A logger that drops everything: the default for library callers and tests that do not look. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
};
