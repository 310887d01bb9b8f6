import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Password hashes and one-time tokens for local accounts. scrypt comes with Node, so there is
// nothing native to build; the parameters travel in the hash so they can be raised later.

const keyLength = 64;
const cost = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)))
	);
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, cost);
	return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function passwordMatches(password: string, stored: string | null | undefined): Promise<boolean> {
	const parts = (stored ?? '').split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') {
		// Still do the work, so an unknown account takes as long as a wrong password.
		await derive(password, Buffer.alloc(16), cost);
		return false;
	}
	const [, N, r, p, salt, hash] = parts;
	const expected = Buffer.from(hash!, 'base64url');
	const key = await derive(password, Buffer.from(salt!, 'base64url'), { N: Number(N), r: Number(r), p: Number(p), maxmem: cost.maxmem });
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A random token for a cookie or a link: 256 bits, URL-safe. */
export const newToken = () => randomBytes(32).toString('base64url');

/** What the database keeps of a token. Matches SQL `encode(sha256(convert_to(token, 'UTF8')), 'hex')`. */
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
