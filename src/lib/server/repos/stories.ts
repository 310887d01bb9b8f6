import { z } from 'zod';
import type { StoryInput } from '../../domain/story';
import { storyLanguages, storyReportReasons, type StoryReportReason } from '../../domain/story-options';
import { databaseHint, withSavepoint } from '../db/errors';
import type { Tx } from '../db/types';

// "Stories of what helped" (issue 7). submit_story() and report_story() are the only ways in (the
// limits are in SQL, the server calls them as service_role after its checks); everyone reads
// published stories; moderators publish, decline and take them down (RLS and the story_guard
// trigger in supabase/migrations/…10_peer_support_network.sql). Public reads never select
// created_at, moderation_note or moderated_by: a published story should not be linkable to a visit
// or to a moderator.

const uuid = z.uuid();

export type SubmitStoryOutcome = { ok: true; id: string } | { ok: false; reason: 'not_found' | 'too_many_requests' | 'contact_details' };

export async function submitStory(
	tx: Tx,
	story: StoryInput,
	about: { offerId: string | null; organisationId: string | null },
	senderHash: string
): Promise<SubmitStoryOutcome> {
	if ([about.offerId, about.organisationId].some((id) => id !== null && !uuid.safeParse(id).success)) return { ok: false, reason: 'not_found' };
	try {
		const [row] = await withSavepoint(tx, (inner) =>
			inner.query<{ id: string }>(`select public.submit_story($1, $2, $3, $4, $5, $6, $7) as id`, [
				story.body, story.language, story.signed_as, about.offerId, about.organisationId, story.outcomes, senderHash
			])
		);
		return { ok: true, id: row!.id };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'not_found' || hint === 'too_many_requests') return { ok: false, reason: hint };
		// The database's own contact-details check, should it ever find what the page's missed.
		if ((error as { code?: string }).code === '23514') return { ok: false, reason: 'contact_details' };
		throw error;
	}
}

export type ReportStoryOutcome = { ok: true; alreadyReported: boolean } | { ok: false; reason: 'not_found' | 'too_many_requests' };

export async function reportStory(
	tx: Tx,
	storyId: string,
	report: { reason: StoryReportReason; note: string | null },
	senderHash: string
): Promise<ReportStoryOutcome> {
	if (!uuid.safeParse(storyId).success) return { ok: false, reason: 'not_found' };
	try {
		const [row] = await withSavepoint(tx, (inner) =>
			inner.query<{ added: boolean }>(`select public.report_story($1, $2, $3, $4) as added`, [storyId, report.reason, report.note, senderHash])
		);
		return { ok: true, alreadyReported: !row!.added };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'not_found' || hint === 'too_many_requests') return { ok: false, reason: hint };
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------
// Reading

const publicStoryRow = z.object({
	id: z.string(),
	body: z.string(),
	language: z.enum(storyLanguages),
	signed_as: z.string().nullable(),
	offer_id: z.string().nullable(),
	offer_title: z.string().nullable(),
	offer_title_cy: z.string().nullable(),
	organisation_id: z.string().nullable(),
	organisation_name: z.string().nullable(),
	organisation_name_cy: z.string().nullable(),
	outcome_ids: z.array(z.string())
});
export type PublicStory = z.infer<typeof publicStoryRow>;

// Offer and group names come through RLS too: an offer that is no longer published simply has none.
const publicColumns = `s.id, s.body, s.language, s.signed_as, s.offer_id, f.title_en as offer_title, f.title_cy as offer_title_cy,
	s.organisation_id, g.name as organisation_name, g.name_cy as organisation_name_cy,
	array(select so.outcome_id from story_outcomes so join outcomes o on o.id = so.outcome_id
	       where so.story_id = s.id order by o.sort) as outcome_ids`;
const publicFrom = `stories s left join offers f on f.id = s.offer_id and f.status = 'published'
	left join organisations g on g.id = s.organisation_id and g.status = 'published'`;

export interface StoryFilter {
	offerId?: string;
	/** Stories about the group but not about `exceptOfferId` (shown after the offer's own). */
	organisationId?: string;
	exceptOfferId?: string;
	outcomeId?: string;
	limit?: number;
}

/** Published stories, newest first. Unknown ids find nothing. */
export async function publishedStories(tx: Tx, filter: StoryFilter = {}): Promise<PublicStory[]> {
	const where = [`s.status = 'published'`];
	const params: unknown[] = [];
	for (const id of [filter.offerId, filter.organisationId, filter.exceptOfferId]) {
		if (id !== undefined && !uuid.safeParse(id).success) return [];
	}
	if (filter.offerId) where.push(`s.offer_id = $${params.push(filter.offerId)}`);
	if (filter.organisationId) where.push(`s.organisation_id = $${params.push(filter.organisationId)}`);
	if (filter.exceptOfferId) where.push(`s.offer_id is distinct from $${params.push(filter.exceptOfferId)}::uuid`);
	if (filter.outcomeId) where.push(`exists (select 1 from story_outcomes so where so.story_id = s.id and so.outcome_id = $${params.push(filter.outcomeId)})`);
	const rows = await tx.query(
		`select ${publicColumns} from ${publicFrom} where ${where.join(' and ')}
		  order by s.published_at desc nulls last, s.id limit ${Math.min(Math.max(filter.limit ?? 20, 1), 100)}`,
		params
	);
	return rows.map((row) => publicStoryRow.parse(row));
}

/** One published story (for "Report this story"); null when it is not shown. */
export async function getPublishedStory(tx: Tx, id: string): Promise<PublicStory | null> {
	if (!uuid.safeParse(id).success) return null;
	const rows = await tx.query(`select ${publicColumns} from ${publicFrom} where s.id = $1 and s.status = 'published'`, [id]);
	return rows[0] ? publicStoryRow.parse(rows[0]) : null;
}

/** How many published stories each outcome has; outcomes without any are left out. */
export async function storyCountsByOutcome(tx: Tx): Promise<Record<string, number>> {
	const rows = await tx.query<{ outcome_id: string; n: number }>(
		`select so.outcome_id, count(*)::int as n from story_outcomes so join stories s on s.id = so.story_id
		  where s.status = 'published' group by so.outcome_id`
	);
	return Object.fromEntries(rows.map((row) => [row.outcome_id, row.n]));
}

// ---------------------------------------------------------------------------------------------
// Moderation (as a moderator: RLS lets only moderators see these rows and change them)

const queuedStoryRow = publicStoryRow.extend({ created_at: z.date() });
export type QueuedStory = z.infer<typeof queuedStoryRow>;

const reportRow = z.object({ reason: z.enum(storyReportReasons), note: z.string().nullable(), created_at: z.date() });
const reportedStoryRow = publicStoryRow.extend({ reports: z.array(reportRow) });
export type ReportedStory = z.infer<typeof reportedStoryRow>;

// Moderators see unpublished offers' titles too (their RLS), so the queue names what the story is about.
// stories_for_moderation() adds when it was sent, which the public columns leave out.
const moderatorFrom = `stories_for_moderation() s left join offers f on f.id = s.offer_id left join organisations g on g.id = s.organisation_id`;

/** Stories waiting for a moderator, oldest first, and published stories with open reports. */
export async function storyModerationQueue(tx: Tx): Promise<{ waiting: QueuedStory[]; reported: ReportedStory[] }> {
	const waiting = await tx.query(
		`select ${publicColumns}, s.created_at from ${moderatorFrom} where s.status = 'pending' order by s.created_at limit 200`
	);
	const reported = await tx.query(
		`select ${publicColumns},
		        (select coalesce(json_agg(json_build_object('reason', r.reason, 'note', r.note, 'created_at', r.created_at) order by r.created_at), '[]')
		           from story_reports r where r.story_id = s.id and r.resolved_at is null) as reports
		   from ${moderatorFrom}
		  where s.status = 'published' and exists (select 1 from story_reports r where r.story_id = s.id and r.resolved_at is null)
		  order by (select min(r.created_at) from story_reports r where r.story_id = s.id and r.resolved_at is null)
		  limit 200`
	);
	return {
		waiting: waiting.map((row) => queuedStoryRow.parse(row)),
		reported: reported.map((row) => {
			const parsed = row as { reports: unknown[] };
			const reports = (typeof parsed.reports === 'string' ? JSON.parse(parsed.reports) : parsed.reports) as Record<string, unknown>[];
			return reportedStoryRow.parse({ ...row, reports: reports.map((r) => ({ ...r, created_at: new Date(String(r.created_at)) })) });
		})
	};
}

export const storyDecisions = ['published', 'declined'] as const;
export type StoryDecision = (typeof storyDecisions)[number];

/** Publishes or declines a waiting story; false when it is not waiting any more (someone got there first) or the caller is no moderator (RLS). */
export async function decideStory(tx: Tx, id: string, decision: StoryDecision, note: string | null): Promise<boolean> {
	if (!uuid.safeParse(id).success) return false;
	const rows = await tx.query(
		`update stories set status = $2, moderation_note = $3 where id = $1 and status = 'pending' returning id`,
		[id, decision, note]
	);
	return rows.length === 1;
}

/** Takes a published story down; its open reports are resolved with it (story_guard). */
export async function takeDownStory(tx: Tx, id: string): Promise<boolean> {
	if (!uuid.safeParse(id).success) return false;
	const rows = await tx.query(
		`update stories set status = 'taken_down' where id = $1 and status = 'published' returning id`,
		[id]
	);
	return rows.length === 1;
}

/** "Keep it up": the story stays, its open reports are resolved (story_report_resolved stamps who). The number resolved. */
export async function keepStoryUp(tx: Tx, id: string): Promise<number> {
	if (!uuid.safeParse(id).success) return 0;
	const rows = await tx.query(
		`update story_reports set resolved_at = now() where story_id = $1 and resolved_at is null returning id`,
		[id]
	);
	return rows.length;
}
