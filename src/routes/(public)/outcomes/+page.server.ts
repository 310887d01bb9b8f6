import { storyOutcomeCategories } from '$lib/domain/story-options';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { storyCountsByOutcome } from '$lib/server/repos/stories';
import type { PageServerLoad } from './$types';

// What helped others, by outcome: the outcomes a story can be about, each with how many stories it has.
export const load: PageServerLoad = async ({ locals }) => {
	const [outcomes, counts] = await locals.withClaims((tx) => Promise.all([listOutcomes(tx), storyCountsByOutcome(tx)]));
	return {
		categories: storyOutcomeCategories.map((category) => ({
			category,
			outcomes: outcomes.filter((o) => o.category === category).map((o) => ({ ...o, stories: counts[o.id] ?? 0 }))
		}))
	};
};
