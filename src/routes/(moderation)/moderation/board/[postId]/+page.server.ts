import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireAccess } from '$lib/server/access';
import { idOrNotFound } from '$lib/server/group';
import { exchangesOn, getPost } from '$lib/server/repos/board';
import type { PageServerLoad } from './$types';

// A post and every exchange on it, for a moderator deciding whether to take it down: read only.

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'moderator');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	const postId = idOrNotFound(event.params.postId);
	return event.locals.withClaims(async (tx) => {
		const post = await getPost(tx, postId);
		if (!post) error(404, { message: m.error_not_found_title() });
		return { post, exchanges: await exchangesOn(tx, post.id) };
	});
};
