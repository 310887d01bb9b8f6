import type { Tx } from '../db/types';
import { daysBefore } from './demo';

// Demonstration posts on the groups' board (issue 7) between published demo groups in the Cynon and
// Rhondda valleys, and one exchange, so the board has something to read on first start. Written as
// service_role (no limits, no author); dates count back from the demo reference date. Posts carry
// no contact details (the database refuses them); the reply shares a phone number from Ofcom's
// drama range, as replies may.

interface DemoPost {
	group: string;
	kind: 'need' | 'offer';
	topic: 'room' | 'volunteers' | 'transport' | 'equipment' | 'joint_session' | 'skills' | 'other';
	title: string;
	body: string;
	district: string | null;
	daysAgo: number;
}

const posts: DemoPost[] = [
	{
		group: 'Cynon Valley Peer Support', kind: 'need', topic: 'room', district: 'CF44', daysAgo: 2,
		title: 'A quiet room on Thursday evenings',
		body: 'Our peer support evening has outgrown the back room we use. We are looking for a quiet, step-free room for about 15 people, Thursdays 6 to 8pm, in or near Aberdare. We can help with costs and we leave rooms as we find them.'
	},
	{
		group: "Aberdare Men's Shed", kind: 'offer', topic: 'equipment', district: 'CF44', daysAgo: 4,
		title: 'Tools and a hand with small repairs',
		body: 'Our members are happy to lend tools or come and fix a wobbly table, a broken chair or a shed door for another group. Weekday mornings suit us best. We just ask that you tell us what needs doing first.'
	},
	{
		group: 'Pontypridd Community Hub', kind: 'offer', topic: 'transport', district: 'CF37', daysAgo: 5,
		title: 'Minibus free on Wednesday afternoons',
		body: 'Our 12-seat accessible minibus (with a tail lift) sits idle on Wednesday afternoons. Groups in Rhondda Cynon Taf are welcome to use it for outings; one of our trained volunteer drivers comes with it. Fuel costs only.'
	},
	{
		group: 'Rhondda Walking for Wellbeing', kind: 'need', topic: 'volunteers', district: 'CF40', daysAgo: 7,
		title: 'Walk leaders for a new Saturday group',
		body: 'So many people have asked for a weekend walk that we would like to start a gentle Saturday morning group. We are looking for two or three people who enjoy walking and could lead now and then; we give training and first aid.'
	},
	{
		group: 'Clwb Cymraeg Aberdâr', kind: 'offer', topic: 'joint_session', district: 'CF44', daysAgo: 9,
		title: 'Sesiwn ganu ar y cyd / A singing session together',
		body: "Rydyn ni'n cynnal noson ganu yn Gymraeg ac yn Saesneg bob mis. Hoffen ni wahodd grŵp arall i ymuno â ni. We hold a bilingual singing evening each month and would love to invite another group to join us: no Welsh needed."
	}
];

/** Adds the demo posts and one exchange, unless they are there already; returns how many posts it added. */
export async function insertDemoBoard(tx: Tx): Promise<number> {
	const names = [...new Set(posts.map((p) => p.group))];
	const groups = await tx.query<{ id: string; name: string }>(
		`select id, name from public.organisations where is_demo and status = 'published' and name = any($1::text[])`,
		[names]
	);
	const idOf = new Map(groups.map((g) => [g.name, g.id]));
	const [existing] = await tx.query<{ n: number }>(
		`select count(*)::int as n from public.board_posts where organisation_id = any($1::uuid[])`,
		[groups.map((g) => g.id)]
	);
	if ((existing?.n ?? 0) > 0) return 0;
	let added = 0;
	const postIds = new Map<string, string>();
	for (const post of posts) {
		const organisationId = idOf.get(post.group);
		if (!organisationId) continue; // a group renamed or left out of the demo data: skip its post
		const [row] = await tx.query<{ id: string }>(
			`insert into public.board_posts (organisation_id, kind, topic, title, body, district, created_at, updated_at)
			 values ($1, $2, $3, $4, $5, $6, $7, $7) returning id`,
			[organisationId, post.kind, post.topic, post.title, post.body, post.district, daysBefore(post.daysAgo)]
		);
		postIds.set(post.title, row!.id);
		added++;
	}
	// The Men's Shed answers the peer support group's need for a room.
	const roomPost = postIds.get(posts[0]!.title);
	const shed = idOf.get("Aberdare Men's Shed");
	const peer = idOf.get('Cynon Valley Peer Support');
	if (roomPost && shed && peer) {
		await tx.query(
			`insert into public.board_replies (post_id, with_organisation_id, from_organisation_id, body, created_at) values
			 ($1, $2, $2, $3, $5), ($1, $2, $4, $6, $7)`,
			[
				roomPost, shed,
				'Our workshop has a carpeted side room that is empty on Thursday evenings. It is step-free from the car park and has a kettle. Would you like to come and see it one morning?',
				peer,
				daysBefore(1.5),
				'That sounds just right, thank you. Could our coordinator pop in on Tuesday at 10? Her number is 01632 960 123 if anything changes.',
				daysBefore(1)
			]
		);
	}
	return added;
}
