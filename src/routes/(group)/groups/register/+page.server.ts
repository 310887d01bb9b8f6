import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { checkOrganisation, organisationFields, readOrganisationDraft, type OrganisationDraft } from '$lib/domain/listing';
import { requireAccess } from '$lib/server/access';
import { databaseHint, withSavepoint } from '$lib/server/db/errors';
import { registerOrganisation } from '$lib/server/repos/listings';
import type { Actions, PageServerLoad } from './$types';

const blank = Object.fromEntries(organisationFields.map((field) => [field, ''])) as OrganisationDraft;

export const load: PageServerLoad = (event) => {
	requireAccess(event, 'signed_in');
	return { values: blank };
};

export const actions: Actions = {
	default: async (event) => {
		requireAccess(event, 'signed_in');
		const values = readOrganisationDraft(await event.request.formData());
		const checked = checkOrganisation(values);
		if (!checked.ok) return fail(400, { values, problems: checked.problems });
		const outcome = await event.locals.withClaims(async (tx) => {
			try {
				return { id: await withSavepoint(tx, (inner) => registerOrganisation(inner, checked.data)) };
			} catch (error) {
				if (databaseHint(error) === 'too_many_pending') return { tooMany: true as const };
				throw error;
			}
		});
		if ('tooMany' in outcome) return fail(429, { values, problems: {}, tooMany: true });
		await event.locals.reloadUser();
		redirect(303, localizeHref(`/groups/${outcome.id}?registered=1`));
	}
};
