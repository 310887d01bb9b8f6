import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { storyOutcomeCategories } from '$lib/domain/story-options';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { publishedStories } from '$lib/server/repos/stories';
import type { PageServerLoad } from './$types';

// One outcome in people's words, and what helped others who wanted it. Only the outcomes a story
// can be about have a page; anything else is not found.
export const load: PageServerLoad = async ({ params, locals }) => {
	const outcomes = await locals.withClaims((tx) => listOutcomes(tx));
	const outcome = outcomes.find((o) => o.id === params.id && (storyOutcomeCategories as readonly string[]).includes(o.category));
	if (!outcome) error(404, { message: m.error_not_found_title() });
	const stories = await locals.withClaims((tx) => publishedStories(tx, { outcomeId: outcome.id, limit: 50 }));
	return { outcome, stories, outcomes: outcomes.map(({ id, label_en, label_cy }) => ({ id, label_en, label_cy })) };
};
