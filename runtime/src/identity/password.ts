/**
 * Password hashing with Argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane), through
 * @node-rs/argon2. Verification of an unknown user still costs one hash, so timing does not
 * tell whether a username exists.
 */
import { hash, verify } from '@node-rs/argon2';

const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies a password against a stored hash; with no hash, spends the same effort and fails. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('formwork-dummy-password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
