// Text from outside (server names, ids, dates, error details; input values echoed back) on its way to a log that
// the GitHub runner reads for workflow commands. The runner takes a line as a command when, after trimming leading
// whitespace, it starts with `::`, or, failing that, when it contains the legacy `##[command]` form anywhere
// (actions/runner: ActionCommand.TryParseV2 then TryParse). @actions/core escapes line breaks in annotations and
// debug lines, but writes info lines raw, and the CLI writes to stdout and stderr raw: so every logged message
// passes through `neutralise` at the one place each face writes, whatever its content.

// What .NET's String.TrimStart() removes (char.IsWhiteSpace), beyond JavaScript's \s: NEL and the Mongolian vowel
// separator (whitespace in older .NET). A zero-width space or BOM is not trimmed, but costs nothing to include.
const LEADING = '[\\s\\u0085\\u180e\\u200b]*';
// A line ends at \n, \r\n or a lone \r (StreamReader.ReadLine), so a command can start after any of them.
const COMMAND_START = new RegExp(`(^|[\\r\\n])(${LEADING})::`, 'g');

/**
 * The text with no line that could start a workflow command: a `::` at the start of a line (after whitespace)
 * becomes `\::`, and `##[` anywhere becomes `##\[`. Everything else is left as it was.
 */
export function neutralise(text: string): string {
  return text.replace(COMMAND_START, '$1$2\\::').replace(/##\[/g, '##\\[');
}

/**
 * `neutralise` for JSON text: `::` can only stand inside a string there (never at a line start, since
 * JSON.stringify escapes line breaks), and `##[` becomes `##\u005b`, which parses back to the same string.
 */
export function neutraliseJson(json: string): string {
  return json.replace(/##\[/g, '##\\u005b');
}
