import { readFile } from 'node:fs/promises';
import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePublicKey, sealSecret } from '../../src/github/seal.ts';

interface Vector {
  name: string;
  public_key_base64: string;
  private_key_base64: string;
  plaintext_utf8: string;
  sealed_base64: string;
}

const file = new URL('../fixtures/sealed-box/vectors.json', import.meta.url);
const { vectors } = JSON.parse(await readFile(file, 'utf8')) as { vectors: Vector[] };
const B64 = sodium.base64_variants.ORIGINAL;

function open(sealedBase64: string, v: Vector): string {
  const opened = sodium.crypto_box_seal_open(
    sodium.from_base64(sealedBase64, B64),
    sodium.from_base64(v.public_key_base64, B64),
    sodium.from_base64(v.private_key_base64, B64),
  );
  return new TextDecoder('utf-8', { fatal: true }).decode(opened);
}

beforeAll(async () => {
  await sodium.ready;
});

describe('sealed-box vectors from an independent implementation', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(5);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('opens the vector %s', (_name, v) => {
    expect(open(v.sealed_base64, v)).toBe(v.plaintext_utf8);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('seals %s so that its key pair opens it', async (_name, v) => {
    const sealed = await sealSecret(v.plaintext_utf8, v.public_key_base64);
    expect(sealed).toMatch(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/);
    expect(Buffer.from(sealed, 'base64').length).toBe(Buffer.byteLength(v.plaintext_utf8) + 48);
    expect(open(sealed, v)).toBe(v.plaintext_utf8);
    // A fresh ephemeral key every time: sealing twice never gives the same box.
    expect(await sealSecret(v.plaintext_utf8, v.public_key_base64)).not.toBe(sealed);
  });
});

describe('public keys', () => {
  it.each([
    ['url-safe base64', 'SwXIoia4ZI2fplJISI_ANKUSAZ_h3JKltawdlHcr1GQ', 'not standard base64'],
    ['too short', Buffer.alloc(16).toString('base64'), 'is 16 bytes, expected 32'],
    ['not base64', 'not a key!', 'not standard base64'],
  ])('rejects a %s key', async (_what, key, message) => {
    await expect(decodePublicKey(key)).rejects.toThrow(message);
  });
});
