// libsodium is loaded on first use, not at import: loading it compiles WebAssembly, which the
// commands that store nothing should not pay for.
type Sodium = (typeof import('libsodium-wrappers'))['default'];

let sodiumPromise: Promise<Sodium> | undefined;

/** Loads and initialises libsodium once. */
export async function loadSodium(): Promise<Sodium> {
  sodiumPromise ??= import('libsodium-wrappers').then(async (module) => {
    const sodium = module.default;
    await sodium.ready;
    return sodium;
  });
  return sodiumPromise;
}

/** Decodes a public key GitHub sent (standard padded base64 of 32 bytes), or throws saying what is wrong. */
export async function decodePublicKey(keyBase64: string): Promise<Uint8Array> {
  const sodium = await loadSodium();
  let key: Uint8Array;
  try {
    key = sodium.from_base64(keyBase64, sodium.base64_variants.ORIGINAL);
  } catch {
    throw new Error('the public key GitHub returned is not standard base64');
  }
  if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
    throw new Error(`the public key GitHub returned is ${key.length} bytes, expected ${sodium.crypto_box_PUBLICKEYBYTES}`);
  }
  // A degenerate key (all zero, or a point of small order) cannot be sealed to: libsodium refuses it. Finding that
  // out here, in the preflight, keeps a rotation from happening whose key then could not be stored.
  const probe = sodium.from_string('probe');
  try {
    sodium.crypto_box_seal(probe, key);
  } catch {
    throw new Error('the public key GitHub returned is degenerate (all zero or of small order): nothing can be sealed to it; is github-api-url really GitHub?');
  }
  return key;
}

/** Seals a value for a public key (libsodium sealed box) and returns standard padded base64, as GitHub expects. */
export async function sealSecret(value: string, publicKey: Uint8Array | string): Promise<string> {
  const sodium = await loadSodium();
  const key = typeof publicKey === 'string' ? await decodePublicKey(publicKey) : publicKey;
  const message = sodium.from_string(value);
  try {
    const sealed = sodium.crypto_box_seal(message, key);
    return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
  } finally {
    sodium.memzero(message);
  }
}
