// The on-demand link checker (npm run check:links, src/lib/server/link-check.ts) against a local
// HTTP server: which rows get which link_problem, what is left alone, and that a member who fixes
// the website clears the mark.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLink, checkListingLinks, isPrivateAddress, type LinkCheckSummary } from '../../src/lib/server/link-check';
import type { Claims, Tx } from '../../src/lib/server/db/types';
import { addOffer, addOrganisation } from './fixtures';
import { asService, freshDb, type TestDb } from './template';

let db: TestDb;
let server: Server;
let base = '';
let refused = '';
const requests = new Map<string, number>();
const userAgents = new Set<string>();
let inFlight = 0;
let mostInFlight = 0;
let summary: LinkCheckSummary;
const progress: [number, number][] = [];

const member: Claims = { role: 'authenticated', sub: '00000000-0000-4000-8000-000000000901', email: 'member@example.org' };

/** The paths the test server knows; anything else is a 404 too. */
function answer(method: string, path: string, res: ServerResponse) {
	switch (path) {
		case '/ok':
			return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Hello</p>');
		case '/broken':
			return res.writeHead(500).end();
		case '/no-head':
			return res.writeHead(method === 'HEAD' ? 405 : 200).end();
		case '/moved':
			return res.writeHead(301, { location: '/ok' }).end();
		case '/forbidden':
			return res.writeHead(403).end();
		case '/hang':
			return; // never answers; the checker's timeout must end it
		default:
			return res.writeHead(404).end();
	}
}

const ids: Record<string, string> = {};

/** Sets a row's website, then (separately, since a new website clears it) an earlier link problem. */
async function setLink(tx: Tx, table: 'organisations' | 'offers', id: string, website: string, problem: string | null = null) {
	await tx.query(`update ${table} set website = $2 where id = $1`, [id, website]);
	if (problem) await tx.query(`update ${table} set link_problem = $2 where id = $1`, [id, problem]);
}

beforeAll(async () => {
	server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		const key = `${req.method} ${path}`;
		requests.set(key, (requests.get(key) ?? 0) + 1);
		userAgents.add(req.headers['user-agent'] ?? '');
		mostInFlight = Math.max(mostInFlight, ++inFlight);
		res.on('close', () => inFlight--);
		answer(req.method ?? 'GET', path, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	// A port nobody listens on: open one, note it, close it.
	const closed = createServer();
	await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
	refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
	await new Promise((resolve) => closed.close(resolve));

	db = await freshDb();
	await asService(db, async (tx) => {
		const offer = (org: string, title: string, status: 'draft' | 'published' = 'published') =>
			addOffer(tx, org, { title, at: null, outcomes: ['seeing-people'], status });
		ids.orgFine = await addOrganisation(tx, 'Fine group');
		ids.orgDead = await addOrganisation(tx, 'Dead link group');
		ids.orgPending = await addOrganisation(tx, 'Pending group', 'pending');
		ids.orgInvalid = await addOrganisation(tx, 'Typo group');
		await setLink(tx, 'organisations', ids.orgFine, `${base}/ok`);
		await setLink(tx, 'organisations', ids.orgDead, `${base}/missing`);
		await setLink(tx, 'organisations', ids.orgPending, `${base}/pending-only`);
		await setLink(tx, 'organisations', ids.orgInvalid, 'https://exa mple.org/');

		ids.offerFine = await offer(ids.orgFine, 'Same website as its group');
		ids.offerRecovered = await offer(ids.orgFine, 'Was dead, works again');
		ids.offerBroken = await offer(ids.orgFine, 'Server error');
		ids.offerPaused = await offer(ids.orgFine, 'Paused, HEAD not allowed');
		ids.offerMoved = await offer(ids.orgFine, 'Moved permanently');
		ids.offerForbidden = await offer(ids.orgFine, 'Blocks bots');
		ids.offerHang = await offer(ids.orgFine, 'Never answers');
		ids.offerRefused = await offer(ids.orgFine, 'Nobody listening');
		ids.offerDraft = await offer(ids.orgFine, 'Draft', 'draft');
		await setLink(tx, 'offers', ids.offerFine, `${base}/ok`);
		await setLink(tx, 'offers', ids.offerRecovered, `${base}/ok`, 'HTTP 500');
		await setLink(tx, 'offers', ids.offerBroken, `${base}/broken`);
		await setLink(tx, 'offers', ids.offerPaused, `${base}/no-head`);
		await tx.query(`update offers set status = 'paused' where id = $1`, [ids.offerPaused]);
		await setLink(tx, 'offers', ids.offerMoved, `${base}/moved`);
		await setLink(tx, 'offers', ids.offerForbidden, `${base}/forbidden`, 'HTTP 404');
		await setLink(tx, 'offers', ids.offerHang, `${base}/hang`);
		await setLink(tx, 'offers', ids.offerRefused, refused);
		await setLink(tx, 'offers', ids.offerDraft, `${base}/draft-only`);

		await tx.query(`insert into auth.users (id, email) values ($1, $2)`, [member.sub, member.email]);
		await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [ids.orgDead, member.sub]);
		await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [ids.orgFine, member.sub]);
	});

	// The test server is on 127.0.0.1, which the checker refuses unless told otherwise.
	summary = await checkListingLinks(db, { timeoutMs: 300, concurrency: 2, allowPrivate: true, onProgress: (done, total) => progress.push([done, total]) });
});

afterAll(async () => {
	await db?.close();
	server?.closeAllConnections();
	await new Promise((resolve) => server?.close(resolve));
});

async function state(table: 'organisations' | 'offers', name: string) {
	const [row] = await asService(db, (tx) =>
		tx.query<{ link_problem: string | null; checked: boolean }>(
			`select link_problem, links_checked_at is not null as checked from ${table} where id = $1`,
			[ids[name]]
		)
	);
	return row;
}

describe('checking listing links', () => {
	it('checks each distinct live address once and sums up', () => {
		// ok, missing, invalid, broken, no-head, moved, forbidden, hang, refused
		expect(summary).toEqual({ checked: 9, dead: 5, fine: 3, unknown: 1 });
		expect(requests.get('HEAD /ok')).toBe(2); // once for the shared address, once at the end of the redirect
		expect(requests.get('HEAD /missing')).toBe(1);
		expect(requests.get('GET /no-head')).toBe(1);
		expect(userAgents).toEqual(new Set(['WhatMattersLinkCheck/1.0']));
		expect(mostInFlight).toBeLessThanOrEqual(2);
	});

	it('marks dead links with a short reason', async () => {
		expect(await state('organisations', 'orgDead')).toEqual({ link_problem: 'HTTP 404', checked: true });
		expect(await state('organisations', 'orgInvalid')).toEqual({ link_problem: 'not a valid address', checked: true });
		expect(await state('offers', 'offerBroken')).toEqual({ link_problem: 'HTTP 500', checked: true });
		expect(await state('offers', 'offerHang')).toEqual({ link_problem: 'timed out', checked: true });
		expect(await state('offers', 'offerRefused')).toEqual({ link_problem: 'could not connect', checked: true });
	});

	it('leaves fine links unmarked (redirects followed, GET when HEAD is refused) and clears a mark that no longer applies', async () => {
		for (const [table, name] of [['organisations', 'orgFine'], ['offers', 'offerFine'], ['offers', 'offerPaused'], ['offers', 'offerMoved'], ['offers', 'offerRecovered']] as const) {
			expect({ name, ...(await state(table, name)) }).toEqual({ name, link_problem: null, checked: true });
		}
	});

	it('keeps the earlier verdict when a site refuses automated checks (403), but notes the check', async () => {
		expect(await state('offers', 'offerForbidden')).toEqual({ link_problem: 'HTTP 404', checked: true });
	});

	it('does not check drafts or unpublished groups', async () => {
		expect(await state('offers', 'offerDraft')).toEqual({ link_problem: null, checked: false });
		expect(await state('organisations', 'orgPending')).toEqual({ link_problem: null, checked: false });
		expect(requests.has('HEAD /draft-only') || requests.has('HEAD /pending-only')).toBe(false);
	});

	it('reports progress from 0 to the total, one step per address', () => {
		expect(progress).toEqual(Array.from({ length: 10 }, (_, done) => [done, 9]));
	});

	it('a member who changes the website clears its link problem', async () => {
		await db.withClaims(member, async (tx) => {
			await tx.query(`update organisations set website = $2 where id = $1`, [ids.orgDead, `${base}/ok`]);
			await tx.query(`update offers set website = $2 where id = $1`, [ids.offerBroken, `${base}/ok`]);
		});
		expect((await state('organisations', 'orgDead'))?.link_problem).toBeNull();
		expect((await state('offers', 'offerBroken'))?.link_problem).toBeNull();
		// Any other edit leaves the mark for the group to see.
		await db.withClaims(member, (tx) => tx.query(`update offers set title_en = 'Still stuck' where id = $1`, [ids.offerHang]));
		expect((await state('offers', 'offerHang'))?.link_problem).toBe('timed out');
	});

	it('checks nothing when no listing has a website', async () => {
		const empty = await freshDb();
		try {
			const steps: [number, number][] = [];
			expect(await checkListingLinks(empty, { onProgress: (done, total) => steps.push([done, total]) })).toEqual({ checked: 0, dead: 0, fine: 0, unknown: 0 });
			expect(steps).toEqual([[0, 0]]);
		} finally {
			await empty.close();
		}
	});
});

describe('the checker stays on the public internet', () => {
	it('refuses a website inside a private network, and one that redirects there', async () => {
		expect(await checkLink(`${base}/ok`, 300)).toBe('not a public address');
		expect(await checkLink('http://localhost:1/', 300)).toBe('not a public address');
		expect(await checkLink(`${base}/ok`, 300, true)).toBeNull();
	});

	it.each([
		['127.0.0.1', true], ['10.1.2.3', true], ['172.16.0.1', true], ['172.32.0.1', false], ['192.168.1.1', true],
		['169.254.169.254', true], ['100.64.0.1', true], ['0.0.0.0', true], ['::1', true], ['fd00::1', true], ['fe80::1', true],
		['::ffff:127.0.0.1', true], ['8.8.8.8', false], ['2a00:1450::1', false], ['81.2.69.142', false]
	])('%s is private: %s', (address, expected) => {
		expect(isPrivateAddress(address)).toBe(expected);
	});
});
