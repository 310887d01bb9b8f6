import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { boardLimits, checkReply, keptText } from '$lib/domain/board';
import { requireAccess } from '$lib/server/access';
import { linkOrigin } from '$lib/server/auth';
import { mailBoardReply } from '$lib/server/board-mail';
import { formId, idOrNotFound, memberOrganisation } from '$lib/server/group';
import { addReply, exchangesOn, getPost, setPostStatus } from '$lib/server/repos/board';
import type { Actions, PageServerLoad } from './$types';

// One post on the groups' board, seen from a group's own pages. The post's group sees every
// exchange (one per group that replied) and answers in each; another group sees only its own
// exchange with the post's group and starts it with its first reply. RLS keeps each exchange
// between its two groups; new replies mail the other group's members.

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	const postId = idOrNotFound(event.params.postId);
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		if (organisation.status !== 'published') return { organisation, published: false as const };
		const post = await getPost(tx, postId);
		if (!post) error(404, { message: m.error_not_found_title() });
		const mine = post.organisation_id === organisation.id;
		const exchanges = await exchangesOn(tx, post.id, mine ? undefined : organisation.id);
		return { organisation, published: true as const, post, mine, exchanges };
	});
};

export const actions: Actions = {
	reply: async (event) => {
		requireAccess(event, 'signed_in');
		const postId = idOrNotFound(event.params.postId);
		const form = await event.request.formData();
		const body = keptText(form.get('body'), boardLimits.reply);
		const withId = formId(form.get('with'));
		if (!withId) return fail(400, { with: '', body, limit: 'refused' as const });
		const checked = checkReply(body);
		if (!checked.ok) return fail(400, { with: withId, body, problem: checked.problem, links: checked.links });
		const sent = await event.locals.withClaims(async (tx) => {
			const organisation = await memberOrganisation(tx, event.params.id);
			const post = await getPost(tx, postId);
			if (!post) return { ok: false as const, reason: 'post_closed' as const };
			// Another group always writes in its own exchange; the post's group answers in the one it picked.
			const exchange = post.organisation_id === organisation.id ? withId : organisation.id;
			const outcome = await addReply(tx, post.id, exchange, organisation.id, checked.body);
			return outcome.ok ? { ...outcome, post, from: organisation.name } : outcome;
		});
		if (!sent.ok) {
			if (sent.reason === 'links_in_reply') return fail(400, { with: withId, body, problem: 'links_in_reply' as const, links: [] as string[] });
			return fail(sent.reason === 'too_many_replies' ? 429 : 409, { with: withId, body, limit: sent.reason });
		}
		// The reply is saved; a mail problem is logged rather than shown as a failed reply.
		await mailBoardReply(sent.id, linkOrigin(event.url), { id: sent.post.id, title: sent.post.title }, sent.from).catch((error) =>
			console.error('[mail] board reply mail not queued', error)
		);
		return { replied: withId };
	},
	status: async (event) => {
		requireAccess(event, 'signed_in');
		const postId = idOrNotFound(event.params.postId);
		const status = z.enum(['open', 'closed']).safeParse((await event.request.formData()).get('status'));
		if (!status.success) return fail(400, { statusFailure: 'gone' as const });
		const done = await event.locals.withClaims(async (tx) =>
			setPostStatus(tx, postId, status.data, (await memberOrganisation(tx, event.params.id)).id)
		);
		return done.ok ? { statusChanged: status.data } : fail(done.reason === 'gone' ? 404 : 403, { statusFailure: done.reason });
	}
};
