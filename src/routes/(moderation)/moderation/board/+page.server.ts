import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireAccess } from '$lib/server/access';
import { formId } from '$lib/server/group';
import { recentPosts, setPostStatus } from '$lib/server/repos/board';
import type { Actions, PageServerLoad } from './$types';

// The groups' board for moderators: recent posts of every status, with a one-click take down and
// show again. A moderator changes only whether a post is shown (the post guard in SQL).

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'moderator');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return event.locals.withClaims(async (tx) => ({ posts: await recentPosts(tx) }));
};

export const actions: Actions = {
	default: async (event) => {
		requireAccess(event, 'moderator');
		const form = await event.request.formData();
		const id = formId(form.get('post_id'));
		const status = z.enum(['taken_down', 'open']).safeParse(form.get('status'));
		if (!id || !status.success) return fail(400, { gone: true });
		const done = await event.locals.withClaims((tx) => setPostStatus(tx, id, status.data));
		return done.ok ? { changed: status.data, id } : fail(404, { gone: true });
	}
};
