import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { checkPost, emptyPost, postFields, keptText, readBoardFilters, withoutContactDetails, boardLimits, type PostDraft, type PostField, type PostProblem } from '$lib/domain/board';
import { requireAccess } from '$lib/server/access';
import { formId, memberOrganisation } from '$lib/server/group';
import { createPost, groupPosts, nearbyGroups, openPosts, setPostStatus } from '$lib/server/repos/board';
import { listOutcomes } from '$lib/server/repos/outcomes';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// Groups helping groups (issue 7): nearby groups with outcomes in common, the board of needs and
// offers (filtered by GET parameters, so it works without JavaScript), the form to post, and the
// group's own posts. Only members of a published group see the board (RLS: in_group_network()).

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	const filters = readBoardFilters(event.url.searchParams);
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		const published = organisation.status === 'published';
		if (!published) return { organisation, published, filters, nearby: [], board: [], mine: [], outcomeLabels: {} };
		const locale = getLocale();
		const outcomeLabels = Object.fromEntries(
			(await listOutcomes(tx)).map((o) => [o.id, locale === 'cy' ? o.label_cy : o.label_en])
		);
		return {
			organisation,
			published,
			filters,
			nearby: await nearbyGroups(tx, organisation.id),
			board: await openPosts(tx, filters),
			mine: await groupPosts(tx, organisation.id),
			outcomeLabels
		};
	});
};

async function readPost(event: RequestEvent): Promise<PostDraft> {
	const form = await event.request.formData();
	const values = emptyPost();
	for (const field of postFields) values[field] = keptText(form.get(field), field === 'body' ? boardLimits.body : boardLimits.title);
	return values;
}

export const actions: Actions = {
	post: async (event) => {
		requireAccess(event, 'signed_in');
		const values = await readPost(event);
		const checked = checkPost(values);
		if (!checked.ok) return fail(400, { values, problems: checked.problems, found: checked.found });
		const outcome = await event.locals.withClaims(async (tx) => {
			const organisation = await memberOrganisation(tx, event.params.id);
			return createPost(tx, organisation.id, checked.data);
		});
		if (!outcome.ok) {
			const problems: Partial<Record<PostField, PostProblem>> = outcome.reason === 'district_unknown' ? { district: 'district_unknown' }
				: outcome.reason === 'contact_details' ? { body: 'contact_details' } : {};
			return fail(outcome.reason === 'too_many_posts' ? 429 : 400, { values, problems, found: [], limit: outcome.reason });
		}
		return { posted: outcome.id };
	},
	// "Remove them for me": the same text with contact details and links taken out, to read again before posting.
	strip: async (event) => {
		requireAccess(event, 'signed_in');
		const values = withoutContactDetails(await readPost(event), m.board_removed());
		const checked = checkPost(values);
		const problems: Partial<Record<PostField, PostProblem>> = checked.ok ? {} : checked.problems;
		return { values, problems, found: [], stripped: true };
	},
	status: async (event) => {
		requireAccess(event, 'signed_in');
		const form = await event.request.formData();
		const id = formId(form.get('post_id'));
		const status = z.enum(['open', 'closed']).safeParse(form.get('status'));
		if (!id || !status.success) return fail(400, { statusFailure: 'gone' as const });
		const done = await event.locals.withClaims(async (tx) =>
			setPostStatus(tx, id, status.data, (await memberOrganisation(tx, event.params.id)).id)
		);
		return done.ok ? { statusChanged: status.data } : fail(done.reason === 'gone' ? 404 : 403, { statusFailure: done.reason });
	}
};
