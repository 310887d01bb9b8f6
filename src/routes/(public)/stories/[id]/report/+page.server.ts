import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { checkStoryReport } from '$lib/domain/story';
import { asServer } from '$lib/server/as-server';
import { senderHash } from '$lib/server/sender';
import { getPublishedStory, reportStory } from '$lib/server/repos/stories';
import type { Actions, PageServerLoad } from './$types';

// "Report this story": a reason and, if they wish, a note; no account. The server sends it with
// report_story() (limits in SQL). A second report of the same story from the same sender is not
// an error: it is already with the moderators, and the page says so.

async function shownStory(locals: App.Locals, id: string) {
	const story = await locals.withClaims((tx) => getPublishedStory(tx, id));
	if (!story) error(404, { message: m.error_not_found_title() });
	return story;
}

export const load: PageServerLoad = async ({ params, locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const sent = url.searchParams.get('sent');
	return { story: await shownStory(locals, params.id), sent: sent === 'new' || sent === 'already' ? sent : null };
};

export const actions: Actions = {
	default: async (event) => {
		const story = await shownStory(event.locals, event.params.id);
		const form = await event.request.formData();
		const values = { reason: String(form.get('reason') ?? '').slice(0, 50), note: String(form.get('note') ?? '').slice(0, 3000) };
		const checked = checkStoryReport(values.reason, values.note);
		if (!checked.ok) return fail(400, { values, problems: checked.problems });
		const sent = await asServer((tx) => reportStory(tx, story.id, checked.data, senderHash(event, 'story-report')));
		if (!sent.ok) {
			if (sent.reason === 'not_found') error(404, { message: m.error_not_found_title() });
			return fail(429, { values, problems: {}, tooMany: true });
		}
		redirect(303, localizeHref(`/stories/${story.id}/report?sent=${sent.alreadyReported ? 'already' : 'new'}`));
	}
};
