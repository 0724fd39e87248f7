// neutralise: what the runner would run becomes text, and nothing else changes.
import { describe, expect, it } from 'vitest';
import { neutralise, neutraliseJson } from '../../src/core/log-text.ts';

describe('neutralise', () => {
  it.each([
    ['plain text', 'plain text'],
    ['::set-output name=a::b', '\\::set-output name=a::b'],
    ['name\n::save-state name=x::y', 'name\n\\::save-state name=x::y'],
    ['a\r::add-mask::b', 'a\r\\::add-mask::b'],
    ['a\r\n   ::warning::b', 'a\r\n   \\::warning::b'],
    ['a\n\t\u0085::error::b', 'a\n\t\u0085\\::error::b'],
    ['a ##[save-state name=x]y', 'a ##\\[save-state name=x]y'],
    ['time 12::30 is not a command', 'time 12::30 is not a command'],
  ])('%j', (text, expected) => {
    expect(neutralise(text)).toBe(expected);
  });

  it('keeps JSON valid and its strings intact', () => {
    const value = { name: 'a ##[set-output name=x]y\n::z' };
    const json = neutraliseJson(JSON.stringify(value, null, 2));
    expect(json).not.toContain('##[');
    expect(JSON.parse(json)).toEqual(value);
  });
});
