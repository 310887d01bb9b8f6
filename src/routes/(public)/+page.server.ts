import { isSearchableCategory } from '$lib/domain/directory';
import { listOutcomes } from '$lib/server/repos/outcomes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const outcomes = await locals.withClaims(listOutcomes);
	return { outcomes: outcomes.filter((o) => isSearchableCategory(o.category)) };
};
