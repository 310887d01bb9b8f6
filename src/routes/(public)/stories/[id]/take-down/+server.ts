import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { safeReturnPath } from '$lib/domain/story';
import { mayEnter } from '$lib/server/access';
import { idOrNotFound } from '$lib/server/group';
import { takeDownStory } from '$lib/server/repos/stories';
import type { RequestHandler } from './$types';

// A moderator's one-click "Take down" beside a story on a public page. A plain form post, so it
// works without JavaScript; back to the page it came from, which says it is done.
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const id = idOrNotFound(params.id);
	const user = locals.user;
	if (!user || !mayEnter(user, 'moderator')) error(403, { message: m.access_refused_body() });
	const form = await request.formData();
	const back = safeReturnPath(String(form.get('back') ?? ''));
	// As the moderator: RLS lets only moderators change a story's status.
	await locals.withClaims((tx) => takeDownStory(tx, id));
	redirect(303, `${back}${back.includes('?') ? '&' : '?'}story_taken_down=1`);
};
