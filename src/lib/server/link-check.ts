import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { serviceClaims, type Db } from './db/types';

// The on-demand link checker (npm run check:links): websites of live listings are fetched once
// per distinct URL, and dead ones are marked (`link_problem`) for the group's attention. A member
// who changes the website clears the mark (a trigger), so nothing here has to undo it.

export interface LinkCheckOptions {
	/** Per request; a slow site is "timed out", not a stuck run. */
	timeoutMs?: number;
	/** Requests in flight at once: quick enough for a directory, gentle on shared hosts. */
	concurrency?: number;
	onProgress?: (done: number, total: number) => void;
	/** Let addresses inside private networks be fetched (tests on 127.0.0.1 only). */
	allowPrivate?: boolean;
}

export interface LinkCheckSummary {
	checked: number;
	dead: number;
	fine: number;
	unknown: number;
}

/** `null`: fine. `undefined`: could not tell (blocked or rate-limited), so the old mark stays. */
export type LinkVerdict = string | null | undefined;

const userAgent = 'WhatMattersLinkCheck/1.0';

/** Loopback, private, link-local, carrier-grade NAT and unique-local addresses (and IPv4 inside IPv6). */
export function isPrivateAddress(address: string): boolean {
	const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
	if (v4) {
		const [a, b] = [Number(v4[1]), Number(v4[2])];
		return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31)
			|| (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
	}
	const v6 = address.toLowerCase();
	return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

/** Listings are public web pages: a website that resolves inside a private network is refused, so
 *  the checker cannot be used to probe the server's own network (checked again at every redirect). */
async function isPublicHost(hostname: string): Promise<boolean> {
	const host = hostname.replace(/^\[|\]$/g, '');
	if (isIP(host)) return !isPrivateAddress(host);
	try {
		const addresses = await lookup(host, { all: true });
		return addresses.length > 0 && addresses.every((entry) => !isPrivateAddress(entry.address));
	} catch {
		return true; // unresolvable: fetch says "address not found"
	}
}

/** Checks one address: HEAD first (cheap), GET when HEAD does not say the page is fine. */
export async function checkLink(url: string, timeoutMs = 10_000, allowPrivate = false): Promise<LinkVerdict> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'not a valid address';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'not a valid address';

	const request = async (method: 'HEAD' | 'GET'): Promise<number> => {
		let at = parsed;
		// Redirects are followed by hand, so each hop's host is checked before it is fetched.
		for (let hop = 0; hop <= 5; hop++) {
			if (!allowPrivate && !(await isPublicHost(at.hostname))) throw new PrivateAddressError();
			const response = await fetch(at, {
				method,
				redirect: 'manual',
				headers: { 'user-agent': userAgent, accept: 'text/html,*/*' },
				signal: AbortSignal.timeout(timeoutMs)
			});
			// Only the status matters; dropping the body frees the connection.
			await response.body?.cancel().catch(() => {});
			const location = response.headers.get('location');
			if (response.status < 300 || response.status >= 400 || !location) return response.status;
			at = new URL(location, at);
			if (at.protocol !== 'http:' && at.protocol !== 'https:') return 400;
		}
		throw new Error('redirect count exceeded');
	};

	let status: number | undefined;
	try {
		status = await request('HEAD');
	} catch {
		// Some servers drop or mishandle HEAD; GET below decides.
	}
	// Many servers answer HEAD wrongly (405, 501, even 404), so only a HEAD that says fine is trusted.
	if (status === undefined || status >= 400) {
		try {
			status = await request('GET');
		} catch (error) {
			return failureReason(error);
		}
	}
	// Many sites refuse bots (403) or ask them to slow down (429): that says nothing about the page.
	if (status === 403 || status === 429) return undefined;
	return status >= 400 ? `HTTP ${status}` : null;
}

class PrivateAddressError extends Error {}

/** A short plain reason for a request that got no answer at all. */
function failureReason(error: unknown): LinkVerdict {
	if (error instanceof PrivateAddressError) return 'not a public address';
	if (error instanceof Error && error.message === 'redirect count exceeded') return 'too many redirects';
	if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
	const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
	const code = cause?.code ?? '';
	// A hiccup in our own DNS says nothing about the site.
	if (code === 'EAI_AGAIN') return undefined;
	if (code === 'ENOTFOUND') return 'address not found';
	if (code.includes('CERT') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) return 'security certificate problem';
	if (cause?.message?.includes('redirect count exceeded')) return 'too many redirects';
	return 'could not connect';
}

// The rows checked: published groups, and offers people can see or soon will again (paused).
const live = {
	organisations: `status = 'published'`,
	offers: `status in ('published', 'paused')`
};

export async function checkListingLinks(db: Db, options: LinkCheckOptions = {}): Promise<LinkCheckSummary> {
	const { timeoutMs = 10_000, concurrency = 4, onProgress, allowPrivate = false } = options;
	const urls = await db.withClaims(serviceClaims, async (tx) =>
		(
			await tx.query<{ website: string }>(
				`select website from public.organisations where ${live.organisations} and website is not null
				 union
				 select website from public.offers where ${live.offers} and website is not null
				 order by 1`
			)
		).map((row) => row.website)
	);

	const summary: LinkCheckSummary = { checked: 0, dead: 0, fine: 0, unknown: 0 };
	onProgress?.(0, urls.length);
	let next = 0;
	const worker = async () => {
		while (next < urls.length) {
			const url = urls[next++]!;
			const verdict = await checkLink(url, timeoutMs, allowPrivate);
			await record(db, url, verdict);
			if (verdict === undefined) summary.unknown++;
			else if (verdict === null) summary.fine++;
			else summary.dead++;
			summary.checked++;
			onProgress?.(summary.checked, urls.length);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, urls.length)) }, worker));
	return summary;
}

/**
 * One short transaction per URL, so a long run keeps what it found and holds no locks for long.
 * Matching on the website means a row whose website changed meanwhile is left alone.
 */
async function record(db: Db, url: string, verdict: LinkVerdict): Promise<void> {
	const known = verdict !== undefined;
	const problem = verdict ?? null;
	await db.withClaims(serviceClaims, async (tx) => {
		for (const [table, where] of Object.entries(live)) {
			await tx.query(
				`update public.${table}
				    set link_problem = case when $2::boolean then $3::text else link_problem end, links_checked_at = now()
				  where website = $1 and ${where}`,
				[url, known, problem]
			);
		}
	});
}
