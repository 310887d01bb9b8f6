import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getOrganisation } from '$lib/server/repos/organisations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const organisation = await locals.withClaims((tx) => getOrganisation(tx, params.id));
	if (!organisation) error(404, { message: m.error_not_found_title() });
	return { organisation };
};
