import { z } from 'zod';
import { postKinds, postStatuses, postTopics, nearbyKm, type PostInput, type PostKind, type PostStatus, type PostTopic } from '../../domain/board';
import { databaseHint, withSavepoint } from '../db/errors';
import type { Tx } from '../db/types';

// Groups helping groups (issue 7): nearby groups that serve the same outcomes, and the board of
// needs and offers with its exchanges. Every function runs as the caller (RLS decides what a group
// or a moderator reads); the guards in SQL hold the limits, which come back here as reasons.

const uuid = z.uuid();

const nearbyRow = z.object({
	id: z.string(),
	name: z.string(),
	name_cy: z.string().nullable(),
	town: z.string().nullable(),
	distance_km: z.coerce.number(),
	shared_outcomes: z.array(z.string())
});
export type NearbyGroup = z.infer<typeof nearbyRow>;

/** Published groups near this group's places that share at least one outcome: most in common first, then nearest. */
export async function nearbyGroups(tx: Tx, organisationId: string, km = nearbyKm): Promise<NearbyGroup[]> {
	const rows = await tx.query(`select * from public.nearby_groups($1, $2)`, [organisationId, km]);
	return rows.map((row) => nearbyRow.parse(row));
}

const postRow = z.object({
	id: z.string(),
	organisation_id: z.string(),
	organisation_name: z.string(),
	organisation_name_cy: z.string().nullable(),
	kind: z.enum(postKinds),
	topic: z.enum(postTopics),
	title: z.string(),
	body: z.string(),
	district: z.string().nullable(),
	town: z.string().nullable(),
	status: z.enum(postStatuses),
	created_at: z.date(),
	updated_at: z.date(),
	/** Replies the caller may read (all of them for the post's group and moderators). */
	replies: z.number(),
	/** Groups that replied (one exchange each). */
	exchanges: z.number()
});
export type BoardPost = z.infer<typeof postRow>;

const postColumns = `
	p.id, p.organisation_id, g.name as organisation_name, g.name_cy as organisation_name_cy, p.kind, p.topic, p.title,
	p.body, p.district, d.town, p.status, p.created_at, p.updated_at,
	(select count(*)::int from public.board_replies r where r.post_id = p.id) as replies,
	(select count(distinct r.with_organisation_id)::int from public.board_replies r where r.post_id = p.id) as exchanges`;
const postFrom = `public.board_posts p join public.organisations g on g.id = p.organisation_id
	left join public.postcode_districts d on d.outcode = p.district`;

/** Open needs and offers from every group, newest first, optionally of one kind or topic. */
export async function openPosts(tx: Tx, filters: { kind?: PostKind | null; topic?: PostTopic | null } = {}, limit = 60): Promise<BoardPost[]> {
	const rows = await tx.query(
		`select ${postColumns} from ${postFrom}
		  where p.status = 'open' and ($1::text is null or p.kind = $1) and ($2::text is null or p.topic = $2)
		  order by p.created_at desc, p.id limit $3`,
		[filters.kind ?? null, filters.topic ?? null, limit]
	);
	return rows.map((row) => postRow.parse(row));
}

/** A group's own posts, whatever their status, newest first. */
export async function groupPosts(tx: Tx, organisationId: string): Promise<BoardPost[]> {
	const rows = await tx.query(
		`select ${postColumns} from ${postFrom} where p.organisation_id = $1 order by p.created_at desc, p.id limit 200`,
		[organisationId]
	);
	return rows.map((row) => postRow.parse(row));
}

/** Recent posts of every status, for moderators. */
export async function recentPosts(tx: Tx, limit = 100): Promise<BoardPost[]> {
	const rows = await tx.query(`select ${postColumns} from ${postFrom} order by p.created_at desc, p.id limit $1`, [limit]);
	return rows.map((row) => postRow.parse(row));
}

/** One post, or null when it is not there or not the caller's to read. */
export async function getPost(tx: Tx, id: string): Promise<BoardPost | null> {
	if (!uuid.safeParse(id).success) return null;
	const [row] = await tx.query(`select ${postColumns} from ${postFrom} where p.id = $1`, [id]);
	return row ? postRow.parse(row) : null;
}

export type PostOutcome = { ok: true; id: string } | { ok: false; reason: 'too_many_posts' | 'not_published' | 'contact_details' | 'district_unknown' };

/** Posts a need or an offer as the group; the limits and the contact-details rule are the database's last word. */
export async function createPost(tx: Tx, organisationId: string, post: PostInput): Promise<PostOutcome> {
	if (post.district) {
		const [known] = await tx.query(`select 1 from public.postcode_districts where outcode = $1`, [post.district]);
		if (!known) return { ok: false, reason: 'district_unknown' };
	}
	try {
		const [row] = await withSavepoint(tx, (inner) =>
			inner.query<{ id: string }>(
				`insert into public.board_posts (organisation_id, kind, topic, title, body, district) values ($1, $2, $3, $4, $5, $6) returning id`,
				[organisationId, post.kind, post.topic, post.title, post.body, post.district]
			)
		);
		return { ok: true, id: row!.id };
	} catch (error) {
		if (databaseHint(error) === 'too_many_posts') return { ok: false, reason: 'too_many_posts' };
		const code = (error as { code?: string }).code;
		if (code === '23514') return { ok: false, reason: 'contact_details' }; // a check the page's own check missed
		if (code === '42501') return { ok: false, reason: 'not_published' };
		throw error;
	}
}

export type StatusOutcome = { ok: true } | { ok: false; reason: 'gone' | 'taken_down' };

/** Closes or reopens one of the group's posts (or a moderator takes one down or shows it again). */
export async function setPostStatus(tx: Tx, id: string, status: PostStatus, organisationId?: string): Promise<StatusOutcome> {
	if (!uuid.safeParse(id).success) return { ok: false, reason: 'gone' };
	try {
		const rows = await withSavepoint(tx, (inner) =>
			inner.query(
				`update public.board_posts set status = $2 where id = $1 and ($3::uuid is null or organisation_id = $3) returning id`,
				[id, status, organisationId ?? null]
			)
		);
		return rows.length === 1 ? { ok: true } : { ok: false, reason: 'gone' };
	} catch (error) {
		if (databaseHint(error) === 'taken_down') return { ok: false, reason: 'taken_down' };
		throw error;
	}
}

const replyRow = z.object({
	id: z.string(),
	with_organisation_id: z.string(),
	with_name: z.string(),
	with_name_cy: z.string().nullable(),
	from_organisation_id: z.string(),
	from_name: z.string(),
	from_name_cy: z.string().nullable(),
	body: z.string(),
	created_at: z.date()
});
export type BoardReply = z.infer<typeof replyRow>;

export interface Exchange {
	/** The group that replied to the post (the other side is always the post's group). */
	with_organisation_id: string;
	with_name: string;
	with_name_cy: string | null;
	replies: BoardReply[];
}

/**
 * The exchanges on a post the caller may read, oldest reply first within each, the exchange with the
 * newest reply first: all of them for the post's group and moderators, only their own for another group.
 * `withOrganisationId` narrows it to one exchange.
 */
export async function exchangesOn(tx: Tx, postId: string, withOrganisationId?: string): Promise<Exchange[]> {
	const rows = await tx.query(
		`select r.id, r.with_organisation_id, w.name as with_name, w.name_cy as with_name_cy, r.from_organisation_id,
		        f.name as from_name, f.name_cy as from_name_cy, r.body, r.created_at
		   from public.board_replies r
		   join public.organisations w on w.id = r.with_organisation_id
		   join public.organisations f on f.id = r.from_organisation_id
		  where r.post_id = $1 and ($2::uuid is null or r.with_organisation_id = $2)
		  order by r.created_at, r.id`,
		[postId, withOrganisationId ?? null]
	);
	const exchanges = new Map<string, Exchange>();
	for (const reply of rows.map((row) => replyRow.parse(row))) {
		let exchange = exchanges.get(reply.with_organisation_id);
		if (!exchange) {
			exchange = { with_organisation_id: reply.with_organisation_id, with_name: reply.with_name, with_name_cy: reply.with_name_cy, replies: [] };
			exchanges.set(reply.with_organisation_id, exchange);
		}
		exchange.replies.push(reply);
	}
	const latest = (e: Exchange) => e.replies.at(-1)!.created_at.getTime();
	return [...exchanges.values()].sort((a, b) => latest(b) - latest(a));
}

export type ReplyOutcome = { ok: true; id: string } | { ok: false; reason: 'post_closed' | 'too_many_replies' | 'links_in_reply' | 'refused' };

/**
 * A reply in the exchange between the post's group and `withOrganisationId`, written by `fromOrganisationId`
 * (one of the two). The post's group answers only in exchanges another group started (the guard's no_exchange).
 */
export async function addReply(tx: Tx, postId: string, withOrganisationId: string, fromOrganisationId: string, body: string): Promise<ReplyOutcome> {
	if (!uuid.safeParse(postId).success || !uuid.safeParse(withOrganisationId).success) return { ok: false, reason: 'refused' };
	try {
		const [row] = await withSavepoint(tx, (inner) =>
			inner.query<{ id: string }>(
				`insert into public.board_replies (post_id, with_organisation_id, from_organisation_id, body) values ($1, $2, $3, $4) returning id`,
				[postId, withOrganisationId, fromOrganisationId, body]
			)
		);
		return { ok: true, id: row!.id };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'post_closed' || hint === 'too_many_replies') return { ok: false, reason: hint };
		if (hint === 'no_exchange') return { ok: false, reason: 'refused' }; // the post's group answers; it does not open
		const code = (error as { code?: string }).code;
		// 23514: the body's link check (a check constraint), or a reply between the wrong groups (the guard);
		// 42501/23503: not theirs to write.
		if (code === '23514') return { ok: false, reason: /check constraint/.test(String((error as Error).message)) ? 'links_in_reply' : 'refused' };
		if (code === '42501' || code === '23503') return { ok: false, reason: 'refused' };
		throw error;
	}
}

/** Whether another group may start an exchange (the post is open) or carry one on. */
export const acceptsReplies = (post: BoardPost, hasExchange: boolean) =>
	post.status === 'open' || (post.status === 'closed' && hasExchange);
