// A URL a person typed, as an error message may quote it: never with the password (or a token given as the user
// name) that the text carries, even when the text is not a valid URL.

/** The text with the userinfo of a URL masked: `https://user:***@host`, or `https://***@host` without a password. */
export function urlForDisplay(text: string): string {
  // Up to the last `@` before the path: a password may itself contain `@`, `:` or spaces when the text is malformed.
  return text.replace(/^(\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/)([^/?#]*)@/, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon < 0 ? '***' : `${userinfo.slice(0, colon)}:***`}@`;
  });
}
