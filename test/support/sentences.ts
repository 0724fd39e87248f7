import { expect } from 'vitest';

/** Asserts one line that reads as sentences: no sentence starts where the previous one did not end. */
export function expectSentences(line: string): void {
  expect(line).not.toMatch(/[a-z0-9'"`)] (The|It|Its|Set|Run|Use|Do|Check|Fix|Keep|Delete|Create|This) [a-z]/);
  expect(line).not.toMatch(/\.\./);
}
